// This file only keeps the problem catalog out of the application's module:
// `go build ./...`, `go vet ./...` and `go test ./...` at the repository root
// skip everything under problems/. The judge assembles each run's module itself.
module goprep.local/problems

go 1.25
