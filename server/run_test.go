package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
)

// Run's shutdown lets a request in flight finish, tells long-lived handlers
// to stop through Closing, and returns nil.
func TestServeGracefulShutdown(t *testing.T) {
	e := newEnv(t)
	entered := make(chan struct{})
	release := make(chan struct{})
	e.srv.Engine().GET("/test/slow", func(c *gin.Context) {
		close(entered)
		<-release
		c.String(http.StatusOK, "finished")
	})
	e.srv.Engine().GET("/test/stream", func(c *gin.Context) {
		c.Status(http.StatusOK)
		c.Writer.Flush()
		<-e.srv.Closing() // an event stream ends when the server closes
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- e.srv.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	stream, err := http.Get(base + "/test/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	type result struct {
		body string
		err  error
	}
	slow := make(chan result, 1)
	go func() {
		res, err := http.Get(base + "/test/slow")
		if err != nil {
			slow <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		slow <- result{string(b), err}
	}()
	<-entered
	cancel()
	<-e.srv.Closing() // shutdown has begun: the stream handler is returning
	if _, err := io.ReadAll(stream.Body); err != nil {
		t.Errorf("stream did not end cleanly: %v", err)
	}
	close(release)
	if r := <-slow; r.err != nil || r.body != "finished" {
		t.Errorf("in-flight request: %q %v", r.body, r.err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Errorf("still accepting connections after shutdown")
	}
}
