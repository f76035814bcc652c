// clone with CLONE_VM|CLONE_VFORK for forkChild (see vfork_linux.go).

#include "textflag.h"

// func vforkClone(flags uintptr) (pid uintptr, errno uintptr)
//
// The child shares the caller's stack, so the return address must not
// stay on it across the system call: the child's later calls would
// overwrite it before the parent resumes. It waits in R12, which the
// kernel preserves, and is pushed back in each process afterwards.
TEXT ·vforkClone(SB),NOSPLIT|NOFRAME,$0-24
	MOVQ	flags+0(FP), DI	// flags
	XORQ	SI, SI		// no new stack: run on ours
	XORQ	DX, DX		// parent_tid
	XORQ	R10, R10	// child_tid
	XORQ	R8, R8		// tls
	MOVQ	$56, AX		// SYS_clone
	POPQ	R12
	SYSCALL
	PUSHQ	R12
	CMPQ	AX, $0xfffffffffffff001
	JLS	done
	MOVQ	$-1, pid+8(FP)
	NEGQ	AX
	MOVQ	AX, errno+16(FP)
	RET
done:
	MOVQ	AX, pid+8(FP)
	MOVQ	$0, errno+16(FP)
	RET
