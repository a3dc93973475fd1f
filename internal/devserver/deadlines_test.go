package devserver

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startShortTimeouts starts s on loopback with the read and write timeouts shortened.
func startShortTimeouts(t *testing.T, s *Server, d time.Duration) string {
	t.Helper()
	s.readTimeout, s.writeTimeout = d, d
	addr, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(context.Background()) })
	return addr
}

func TestABodyThatTricklesIsCutAtTheReadTimeout(t *testing.T) {
	s, _ := newTestServer(t, Options{Addr: "127.0.0.1:0"})
	addr := startShortTimeouts(t, s, 200*time.Millisecond)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// 10 of the 1000 bytes promised, then nothing: the handler waits on the body
	io.WriteString(conn, "POST "+PathReport+" HTTP/1.1\r\nHost: "+addr+"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"kind\":\"")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	t0 := time.Now()
	_, err = io.ReadAll(conn) // an answer then the close, or the close alone
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server still waited for the body after %s (read timeout 200ms)", time.Since(t0).Round(time.Millisecond))
	}
}

func TestAnAnswerTheClientDoesNotReadIsCutAtTheWriteTimeout(t *testing.T) {
	s, _ := newTestServer(t, Options{Addr: "127.0.0.1:0"})
	const size = 64 << 20 // far more than the loopback socket buffers hold
	chunk := []byte(strings.Repeat("x", 64<<10))
	s.routes["/big"] = route{EndpointOther, false, func(w http.ResponseWriter, r *http.Request, e *Entry) {
		w.Header().Set("Content-Length", "67108864")
		for n := 0; n < size; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}}
	addr := startShortTimeouts(t, s, 200*time.Millisecond)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /big HTTP/1.1\r\nHost: "+addr+"\r\n\r\n")
	time.Sleep(600 * time.Millisecond) // not reading, past the write timeout
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	if n >= size {
		t.Errorf("the whole answer (%d bytes) arrived: the write timeout did not cut it", n)
	}
}
