package web

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"sigap/internal/apperr"
)

// limiter is a token bucket per client address, kept in memory. Each
// instance limits on its own; that bounds what one address can try against
// the installation to the per-instance rate times the number of instances,
// which is the point: a lockout in the database protects each account, this
// protects the service.
type limiter struct {
	rate  float64 // tokens per second
	burst float64

	mu      sync.Mutex
	buckets map[netip.Addr]*bucket
	calls   int
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(perMinute, burst int) *limiter {
	return &limiter{rate: float64(perMinute) / 60, burst: float64(burst), buckets: map[netip.Addr]*bucket{}}
}

// allow takes a token for addr, or says how long to wait for one.
func (l *limiter) allow(addr netip.Addr, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.calls%1024 == 0 {
		for a, b := range l.buckets {
			if now.Sub(b.last) > 10*time.Minute {
				delete(l.buckets, a)
			}
		}
	}
	b, ok := l.buckets[addr]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[addr] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// clientAddr is the address a request comes from: the connection's peer,
// or, when that peer is a trusted proxy, the last address in
// X-Forwarded-For that is not one of the trusted proxies.
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	peer = peer.Unmap()
	if !s.trusted(peer) {
		return peer
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if a = a.Unmap(); !s.trusted(a) {
			return a
		}
	}
	return peer
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// rateLimit answers 429 to an address that sends more than its share:
// tighter for attempts to sign in, looser for any other request of a
// visitor who has not signed in. Signed-in staff are not limited here.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := s.limits.public
		public := strings.HasPrefix(r.URL.Path, "/lapor/") || strings.HasPrefix(r.URL.Path, "/api/v1/public/")
		if r.Method == http.MethodPost && (r.URL.Path == "/login" || r.URL.Path == "/login/totp") {
			l = s.limits.signIn
		} else if _, err := r.Cookie(sessionCookie); !public && (err == nil || strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ")) {
			// Staff are not limited here; the reporter's side always is,
			// whatever cookie or header a sender adds.
			next.ServeHTTP(w, r)
			return
		}
		if ok, wait := l.allow(s.clientAddr(r), time.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			s.fail(w, r, apperr.New(apperr.TooMany, "error.too_many"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ReceiptGate takes one of the address's receipt attempts, shared by the
// pages and the API, or says how long to wait.
func (s *Server) ReceiptGate(r *http.Request) (bool, time.Duration) {
	return s.limits.receipt.allow(s.clientAddr(r), time.Now())
}

// ReceiptMiss counts a receipt that matched no report (for the API).
func (s *Server) ReceiptMiss() { s.metrics.receiptMisses.Inc() }
