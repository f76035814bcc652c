package client

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Event is one server-sent event of a submission's stream: "status" (Data is
// the submission's JSON), "stage" (a goprep.StageProgress) or "error".
type Event struct {
	Name string
	Data []byte
}

// ErrStreamStalled is returned by Follow when the stream sent nothing, not
// even a keep-alive, for StallTimeout.
var ErrStreamStalled = errors.New("the event stream went silent")

// StallTimeout is how long Follow waits for any line of the stream (the
// server sends a keep-alive comment every 15 s).
var StallTimeout = 45 * time.Second

// maxEventLine bounds one line of the stream (a status event carries the
// whole result).
const maxEventLine = 8 << 20

// Follow reads the event stream of submission id and calls fn with each
// event until the stream ends, fn returns an error (returned as is) or ctx
// ends. A stream that ends without error returns nil: the caller decides
// whether it saw the end of the judging.
func (c *Client) Follow(ctx context.Context, id int64, fn func(Event) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	res, err := c.send(ctx, call{method: "GET", path: "/submissions/" + strconv.FormatInt(id, 10) + "/events", auth: true}, "text/event-stream")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	// A watchdog ends a stream that went silent.
	alive := make(chan struct{}, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTimer(StallTimeout)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-alive:
				t.Reset(StallTimeout) // Go 1.23+: no stale tick after Reset
			case <-t.C:
				cancel(ErrStreamStalled)
				return
			}
		}
	}()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), maxEventLine)
	var ev Event
	var data []string
	for sc.Scan() {
		select {
		case alive <- struct{}{}:
		default:
		}
		line := sc.Text()
		switch {
		case line == "":
			if ev.Name != "" || len(data) > 0 {
				if ev.Name == "" {
					ev.Name = "message"
				}
				ev.Data = []byte(strings.Join(data, "\n"))
				if err := fn(ev); err != nil {
					return err
				}
			}
			ev, data = Event{}, nil
		case strings.HasPrefix(line, ":"):
			// A comment: keep-alive.
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				ev.Name = value
			case "data":
				data = append(data, value)
			}
		}
	}
	err = sc.Err()
	if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
		if errors.Is(cause, ErrStreamStalled) {
			return ErrStreamStalled
		}
		return ctx.Err()
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("event stream: %w", err)
	}
	return nil
}
