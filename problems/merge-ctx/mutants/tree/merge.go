package merge

import "context"

// Merge splits the inputs in halves and merges the halves pairwise.
func Merge[T any](ctx context.Context, ins ...<-chan T) <-chan T {
	switch len(ins) {
	case 0:
		out := make(chan T)
		close(out)
		return out
	case 1:
		return pipe(ctx, ins[0])
	}
	h := len(ins) / 2
	return pair(ctx, Merge(ctx, ins[:h]...), Merge(ctx, ins[h:]...))
}

func pipe[T any](ctx context.Context, in <-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for {
			select {
			case v, ok := <-in:
				if !ok {
					return
				}
				select {
				case out <- v:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func pair[T any](ctx context.Context, a, b <-chan T) <-chan T {
	out := make(chan T)
	go func() {
		defer close(out)
		for a != nil || b != nil {
			var v T
			var ok bool
			select {
			case v, ok = <-a:
				if !ok {
					a = nil
					continue
				}
			case v, ok = <-b:
				if !ok {
					b = nil
					continue
				}
			case <-ctx.Done():
				return
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}
