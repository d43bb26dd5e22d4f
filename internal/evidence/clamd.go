package evidence

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"sigap/internal/apperr"
)

// Clamd scans through a clamd daemon's INSTREAM command, over TCP
// ("127.0.0.1:3310") or a Unix socket ("/run/clamav/clamd.ctl").
type Clamd struct {
	Addr    string
	Timeout time.Duration
}

// ErrInfected is wrapped in the error for a file clamd found malware in.
var ErrInfected = errors.New("evidence: malware found")

// Scan sends data to clamd and reads its verdict. A file found infected is
// an input error for the user; clamd being unreachable is an internal one,
// so that nothing unscanned is kept when scanning is configured.
func (c Clamd) Scan(ctx context.Context, data []byte) error {
	network := "tcp"
	if strings.HasPrefix(c.Addr, "/") {
		network = "unix"
	}
	timeout := c.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, network, c.Addr)
	if err != nil {
		return apperr.Wrap(err, "clamd")
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(timeout))
	w := bufio.NewWriter(conn)
	w.WriteString("zINSTREAM\x00")
	var size [4]byte
	for start := 0; start < len(data); start += 1 << 16 {
		chunk := data[start:min(start+1<<16, len(data))]
		binary.BigEndian.PutUint32(size[:], uint32(len(chunk)))
		w.Write(size[:])
		w.Write(chunk)
	}
	binary.BigEndian.PutUint32(size[:], 0)
	w.Write(size[:])
	if err := w.Flush(); err != nil {
		return apperr.Wrap(err, "clamd send")
	}
	reply, err := bufio.NewReader(conn).ReadString(0)
	if err != nil && reply == "" {
		return apperr.Wrap(err, "clamd reply")
	}
	reply = strings.TrimRight(reply, "\x00\n")
	switch {
	case strings.HasSuffix(reply, " OK"):
		return nil
	case strings.HasSuffix(reply, " FOUND"):
		return &apperr.Error{Code: apperr.Invalid, Key: "evidence.infected", Field: "files", Err: ErrInfected}
	default:
		return apperr.Wrap(fmt.Errorf("clamd answered %q", reply), "clamd")
	}
}
