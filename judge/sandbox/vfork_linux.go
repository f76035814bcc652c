//go:build amd64 || arm64

package sandbox

// haveVfork: vforkClone exists on this architecture.
const haveVfork = true

// vforkClone is clone(2) with no new stack, for flags that include
// CLONE_VM|CLONE_VFORK: the child runs on the caller's stack and memory
// until it execs or exits, and the caller sleeps until then. Written in
// assembly so that the return address survives the child (see the .s
// files). The child must not return from the function that called it.
func vforkClone(flags uintptr) (pid uintptr, errno uintptr)
