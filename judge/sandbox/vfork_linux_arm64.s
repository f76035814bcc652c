// clone with CLONE_VM|CLONE_VFORK for forkChild (see vfork_linux.go).

#include "textflag.h"

// func vforkClone(flags uintptr) (pid uintptr, errno uintptr)
//
// The return address is in the link register, not on the shared stack,
// so nothing needs saving around the system call.
TEXT ·vforkClone(SB),NOSPLIT|NOFRAME,$0-24
	MOVD	flags+0(FP), R0	// flags
	MOVD	$0, R1		// no new stack: run on ours
	MOVD	$0, R2		// parent_tid
	MOVD	$0, R3		// tls
	MOVD	$0, R4		// child_tid
	MOVD	$220, R8	// SYS_clone
	SVC
	CMN	$4095, R0
	BCC	done
	MOVD	$-1, R4
	MOVD	R4, pid+8(FP)
	NEG	R0, R0
	MOVD	R0, errno+16(FP)
	RET
done:
	MOVD	R0, pid+8(FP)
	MOVD	ZR, errno+16(FP)
	RET
