package mail

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
)

// smtpServer is a minimal SMTP peer speaking the commands a client
// sends, recording the message; no mail server runs on this machine.
func smtpServer(t *testing.T) (string, chan string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	got := make(chan string, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r, w := bufio.NewReader(c), bufio.NewWriter(c)
		say := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
		say("220 uji ESMTP")
		var data strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"):
				say("250-uji\r\n250 8BITMIME")
			case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"):
				data.WriteString(strings.TrimSpace(line) + "\n")
				say("250 OK")
			case cmd == "DATA":
				say("354 go on")
				for {
					l, err := r.ReadString('\n')
					if err != nil || l == ".\r\n" {
						break
					}
					data.WriteString(l)
				}
				say("250 queued")
			case cmd == "QUIT":
				say("221 bye")
				got <- data.String()
				return
			default:
				say("250 OK")
			}
		}
	}()
	return l.Addr().String(), got
}

func TestSMTP(t *testing.T) {
	addr, got := smtpServer(t)
	err := SMTP{Addr: addr, From: "sigap@serangkab.go.id"}.Send(context.Background(), Message{
		To: "meja@serangkab.go.id", Subject: "Laporan baru — sigap", Body: "Ada laporan baru.\n.baris bertitik\nhttps://sigap.example/reports/x"})
	if err != nil {
		t.Fatal(err)
	}
	m := <-got
	for _, want := range []string{"MAIL FROM:<sigap@serangkab.go.id>", "RCPT TO:<meja@serangkab.go.id>", "Subject: =?utf-8?q?Laporan_baru_=E2=80=94_sigap?=",
		"Content-Type: text/plain; charset=utf-8", "Ada laporan baru.\r\n", "..baris bertitik\r\n", "https://sigap.example/reports/x"} {
		if !strings.Contains(m, want) {
			t.Errorf("mail lacks %q:\n%s", want, m)
		}
	}
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := l.Addr().String()
	l.Close()
	if err := (SMTP{Addr: dead, From: "a@b"}).Send(context.Background(), Message{To: "c@d"}); err == nil {
		t.Error("sent to nobody")
	}
}

func TestLogSink(t *testing.T) {
	var buf bytes.Buffer
	if err := (Log{Log: slog.New(slog.NewTextHandler(&buf, nil))}).Send(context.Background(), Message{To: "meja@x", Subject: "Laporan baru", Body: "rahasia"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "meja@x") || strings.Contains(buf.String(), "rahasia") {
		t.Errorf("log: %s", buf.String())
	}
}
