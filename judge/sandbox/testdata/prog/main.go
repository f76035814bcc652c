// Command prog is the hostile (and the well-behaved) program the sandbox
// tests run: its first argument picks what it does.
package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: prog mode [args]")
		os.Exit(2)
	}
	arg := func(i int) string {
		if len(os.Args) > i+1 {
			return os.Args[i+1]
		}
		return ""
	}
	switch os.Args[1] {
	case "true":
	case "exit":
		n, _ := strconv.Atoi(arg(1))
		fmt.Println("exiting with", n)
		os.Exit(n)
	case "echo":
		// Copy stdin to stdout, the environment and the cwd to stderr.
		b := make([]byte, 1<<20)
		n, _ := os.Stdin.Read(b)
		os.Stdout.Write(b[:n])
		wd, _ := os.Getwd()
		fmt.Fprintf(os.Stderr, "env=%q wd=%s uid=%d pid=%d", os.Environ(), wd, os.Getuid(), os.Getpid())
	case "report":
		f := os.NewFile(3, "report")
		n, _ := strconv.Atoi(arg(1))
		for i := 0; i < n; i++ {
			fmt.Fprintf(f, "line %d\n", i)
		}
		fmt.Println("reported")
	case "spin":
		for {
		}
	case "spin-threads":
		// Burn CPU on every core.
		for i := 0; i < runtime.NumCPU(); i++ {
			go func() {
				for {
				}
			}()
		}
		select {}
	case "sleep":
		time.Sleep(time.Hour)
	case "sleep-child":
		// Start a child that sleeps with our stdout, then exit at once.
		cmd := exec.Command("/proc/self/exe", "sleep")
		cmd.Stdout = os.Stdout
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			os.Exit(3)
		}
		fmt.Println("child", cmd.Process.Pid)
	case "alloc":
		mb, _ := strconv.Atoi(arg(1))
		var keep [][]byte
		for i := 0; i < mb; i++ {
			b := make([]byte, 1<<20)
			for j := range b {
				b[j] = byte(j)
			}
			keep = append(keep, b)
		}
		fmt.Println("allocated", len(keep), "MiB")
	case "print":
		mb, _ := strconv.Atoi(arg(1))
		line := make([]byte, 1<<20)
		for i := range line {
			line[i] = 'x'
		}
		for i := 0; i < mb; i++ {
			os.Stdout.Write(line)
		}
	case "forkbomb":
		// Every copy starts two more copies of itself, forever.
		for {
			for i := 0; i < 2; i++ {
				cmd := exec.Command("/proc/self/exe", "forkbomb")
				cmd.Start()
			}
			time.Sleep(time.Millisecond)
		}
	case "threads":
		// Pin goroutines to threads until no more can be made.
		var wg sync.WaitGroup
		for i := 0; i < 10000; i++ {
			wg.Add(1)
			go func() {
				runtime.LockOSThread()
				wg.Done()
				select {}
			}()
		}
		wg.Wait()
		fmt.Println("made all threads")
	case "dial":
		c, err := net.DialTimeout("tcp", arg(1), 2*time.Second)
		if err != nil {
			fmt.Println("dial error:", err)
			os.Exit(1)
		}
		c.Close()
		fmt.Println("connected")
	case "listen-abstract":
		// Bind the abstract unix socket @arg(1), then create the file
		// arg(2) to say so, and accept until killed.
		l, err := net.Listen("unix", "@"+arg(1))
		if err != nil {
			fmt.Println("listen error:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(arg(2), nil, 0o644); err != nil {
			fmt.Println("marker error:", err)
			os.Exit(1)
		}
		for {
			c, err := l.Accept()
			if err != nil {
				os.Exit(1)
			}
			c.Write([]byte("leaked\n"))
			c.Close()
		}
	case "dial-abstract":
		c, err := net.Dial("unix", "@"+arg(1))
		if err != nil {
			fmt.Println("dial error:", err)
			os.Exit(1)
		}
		c.Close()
		fmt.Println("connected")
	case "read":
		b, err := os.ReadFile(arg(1))
		if err != nil {
			fmt.Println("read error:", err)
			os.Exit(1)
		}
		os.Stdout.Write(b)
	case "write":
		err := os.WriteFile(arg(1), []byte("pwned\n"), 0o644)
		if err != nil {
			fmt.Println("write error:", err)
			os.Exit(1)
		}
		fmt.Println("written")
	case "ls":
		es, err := os.ReadDir(arg(1))
		if err != nil {
			fmt.Println("ls error:", err)
			os.Exit(1)
		}
		for _, e := range es {
			fmt.Println(e.Name())
		}
	case "kill-self":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Second)
		fmt.Println("still alive")
	case "kill-parent-pid1":
		// Try to kill PID 1 of our namespace from a child.
		cmd := exec.Command("/proc/self/exe", "kill", "1")
		out, err := cmd.CombinedOutput()
		fmt.Printf("%s%v\n", out, err)
	case "kill":
		pid, _ := strconv.Atoi(arg(1))
		fmt.Println(syscall.Kill(pid, syscall.SIGKILL))
	case "fd":
		// Is fd n open, and what can be read from it?
		n, _ := strconv.Atoi(arg(1))
		var st syscall.Stat_t
		if err := syscall.Fstat(n, &st); err != nil {
			fmt.Println("fd closed:", err)
			os.Exit(1)
		}
		b := make([]byte, 100)
		k, _ := syscall.Pread(n, b, 0)
		fmt.Printf("fd open: %q\n", b[:max(k, 0)])
	case "panic":
		panic("boom")
	case "setuid":
		fmt.Println(syscall.Setuid(0))
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
}
