// Package sandbox runs one untrusted program in isolation: new PID, network,
// mount, IPC and UTS namespaces, an unprivileged uid without capabilities and
// with no_new_privs, a read-only view of the few host paths it needs, a
// private writable work dir, memory and process limits through cgroups (v2 or
// v1), CPU and wall-time limits, an output cap, and the whole process tree
// killed at the end.
//
// The judge talks to this package only through Runner:
//
//	r, err := sandbox.New(sandbox.Options{Insecure: insecureFlag})
//	if err != nil { ... } // no isolation here and no --insecure-no-sandbox
//	defer r.Close()       // removes the Runner's cgroups; waits for runs
//	log.Print(sandbox.Detect()) // warn when r.Level() is not LevelFull
//	res, err := r.Run(ctx, sandbox.Spec{
//		Path: "pkg.test", WorkDir: dir, // the binary, copied into dir
//		Args: []string{"-test.v=test2json", "-test.timeout=0"},
//		Env:  []string{"GORACE=halt_on_error=1 atexit_sleep_ms=0"},
//		ReportFD: true,
//		Limits: sandbox.Limits{Memory: 256 << 20, CPUTime: 10 * time.Second},
//	})
//
// A -race test binary needs nothing more: it is linked against libc, and
// the shared-library directories (/lib, /lib64, /usr/lib, ...) are always
// visible read-only. Spec.ReadOnly is for anything else the program must
// read. An error from Run is the sandbox's fault (IE); whatever the program
// did, including being killed for a limit, is in the Result.
//
// # Levels
//
// New picks the strongest level the host allows (see Detect): LevelFull as
// root or with delegated cgroups, LevelUserNS for an ordinary user where user
// namespaces are allowed, and LevelNone, which isolates nothing, only when
// Options.Insecure is set (the --insecure-no-sandbox flag). The level is
// recorded on every Result.
//
// # Full isolation
//
// The child is cloned straight into new PID, mount, IPC and UTS
// namespaces (fork_linux.go: raw system calls between clone and execve, as
// in syscall.forkExec, and like it with CLONE_VM|CLONE_VFORK, so nothing of
// the judge's address space is copied), moves itself into the run's cgroup
// (so everything it does is accounted), joins an empty network namespace
// of its own (netns_linux.go: a pool of them, each used by one run at a
// time and reused only after every process of that run is gone; making
// and destroying one per run costs more than the rest of the namespaces
// together), switches to an unprivileged uid/gid, builds a
// private root on a tmpfs (read-only binds of the shared-library
// directories and Spec.ReadOnly, the work dir read-write at its host path, a
// private /tmp, /dev/null, /dev/zero, /dev/full, /dev/random, /dev/urandom
// and a /proc of its own PID namespace), pivots into it and makes it
// read-only, marks every inherited fd above the program's close-on-exec,
// sets rlimits (CPU backstop, no core, file size) and no_new_privs, enters a
// cgroup namespace, drops every capability and execs the program. No re-exec of the calling
// binary is needed, so there is no init hook to call from main.
//
// LevelUserNS is the same without cgroups (no memory or pids limit; CPU,
// wall and output limits still hold), through a user namespace when not
// root: the sandbox uid is then mapped to the caller's own uid.
//
// The program is PID 1 of its namespace: when it exits the kernel kills
// everything it left behind. As a PID 1 it cannot be killed by signals sent
// from inside its own namespace (including its own raise of a signal without
// a handler); a Go program that crashes still exits with status 2.
package sandbox
