# syntax=docker/dockerfile:1
# Multi-stage build of the goprep binary (with the web UI built by Node.js and embedded). The runtime image keeps the Go toolchain and gcc:
# the judge builds candidates' code (go test -c, and -race which needs cgo).
FROM node:22-bookworm-slim AS frontend
# The web UI: built here, embedded into the binary below (frontend/embed.go).
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=frontend /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/goprep ./cmd/goprep

FROM golang:1.26-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/goprep /usr/local/bin/goprep
COPY problems ./problems
COPY kb ./kb
ENV GOPREP_ADDR=:8080 GOPREP_DB=/data/goprep.db GOPREP_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
# The sandbox needs namespaces and cgroups: run the container with the capabilities
# docker-compose.yml grants (or --privileged); otherwise goprep refuses to judge.
ENTRYPOINT ["goprep"]
CMD ["serve"]
