package store

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/goprep/goprep"
)

// Cursors are opaque to clients: base64url of "k<id>" (keyset: the last id of
// the previous page) or "o<offset>" (for ranked results).

func keyCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("k" + strconv.FormatInt(id, 10)))
}

func offsetCursor(off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(off)))
}

// maxOffset bounds how deep a ranked list may be paged.
const maxOffset = 1_000_000

var errCursor = goprep.Errorf(goprep.EINVALID, "invalid page cursor")

// decodeKeyCursor returns the id in a keyset cursor, 0 for "".
func decodeKeyCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "k") {
		return 0, errCursor
	}
	id, err := strconv.ParseInt(string(b[1:]), 10, 64)
	if err != nil || id <= 0 {
		return 0, errCursor
	}
	return id, nil
}

// decodeOffsetCursor returns the offset in an offset cursor, 0 for "".
func decodeOffsetCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "o") {
		return 0, errCursor
	}
	off, err := strconv.Atoi(string(b[1:]))
	if err != nil || off < 0 || off > maxOffset {
		return 0, errCursor
	}
	return off, nil
}
