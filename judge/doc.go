// Package judge grades a candidate's Go solution against a problem package
// (see problems/FORMAT.md): a static gate, two builds (plain and -race), the
// hidden tests, the race detector, a leak check and a benchmark against the
// reference, then a deterministic score. Untrusted code only ever runs
// through a sandbox.Runner.
//
// Builds are `go test -c` once per mode, one after the other (the pool runs
// judgings in parallel, one worker per core). The first build of a kind
// (problem, mode, file names, imports) is traced with -x and kept as a build
// plan; later builds of that kind replay the compiler and linker directly
// (plan.go), skipping the go command's loading and cache checks, and fall
// back to `go test -c` when a replay fails.
//
// The package owns:
//   - the problem package loader (LoadPackage, LoadCatalog, Spec),
//   - the pipeline (Judge.Run) with its Result and Events,
//   - the judge-owned test harness that reports results on a file
//     descriptor the candidate's code cannot reach,
//   - the worker pool (Pool) that claims submissions from the durable queue
//     (goprep.SubmissionService) with leases.
package judge
