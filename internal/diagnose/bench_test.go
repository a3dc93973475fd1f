package diagnose

import (
	"strconv"
	"testing"
	"time"

	"wecomdev/internal/jssdk"
)

var verdictSink Verdict

// BenchmarkForensics is the worst case: ten known tickets (two kinds, current and
// earlier) and a signature none of them made, so every ticket is tried over the page URL
// and every variant. The issue asks for under 5 ms.
func BenchmarkForensics(b *testing.B) {
	var ts []Ticket
	for i := range 10 {
		kind := jssdk.KindCorp
		if i%2 == 1 {
			kind = jssdk.KindAgent
		}
		ts = append(ts, Ticket{Kind: kind, Value: fakeTicket("bench-" + strconv.Itoa(i)), Current: i < 2,
			FetchedAt: t0.Add(-time.Duration(i) * time.Hour), ExpiresAt: t0.Add(-time.Duration(i-2) * time.Hour)})
	}
	page := site + "/app/?name=%E5%BC%A0%E4%B8%89&code=CODE_1&state=STATE&from=singlemessage&isappinstalled=0#/orders"
	in := signed(page, page, stranger, jssdk.KindAgent)
	b.ReportAllocs()
	var tried int
	for b.Loop() {
		v, err := Forensics(in, ts)
		if err != nil || v.Code != VerdictUnknownTicket {
			b.Fatalf("verdict %s, err %v", v.Code, err)
		}
		verdictSink, tried = v, v.Tried
	}
	b.ReportMetric(float64(tried), "signatures/op")
}

var resultSink Result

// BenchmarkDiagnose is a URL pair with several findings at once.
func BenchmarkDiagnose(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		resultSink = Diagnose("http://h5.example.com:80/app/?b=2&a=1&amp;name=张三#x", site+"/app?a=1&b=2&name=%E5%BC%A0%E4%B8%89&from=singlemessage#/orders")
	}
}
