//go:build linux && !amd64 && !arm64

package sandbox

// haveVfork: no vforkClone here; forkChild copies the address space.
const haveVfork = false

func vforkClone(flags uintptr) (pid uintptr, errno uintptr) {
	panic("sandbox: vforkClone is not available on this architecture")
}
