// Command baresigner is the yardstick of the dev server's load test (scripts/bench/loadtest):
// the least a Go JS-SDK signer does with net/http. It reads the url parameter, cuts the
// "#…", draws 16 random bytes for the nonce, hashes the sign string with SHA-1 and answers
// {"timestamp","nonceStr","signature"} with encoding/json. The corp ticket is fetched once at
// start (gettoken, get_jsapi_ticket) and kept in memory; no log, no checks.
//
// Environment: WECOM_API_BASE, WECOM_CORP_ID, WECOM_CORP_SECRET, PORT (0 or unset: a free
// port). It prints "listening PORT" on stdout when ready. The secret, the token and the
// ticket are never printed or returned.
package main

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	ticket, err := corpTicket(os.Getenv("WECOM_API_BASE"), os.Getenv("WECOM_CORP_ID"), os.Getenv("WECOM_CORP_SECRET"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "baresigner: %v\n", err)
		os.Exit(1)
	}
	http.HandleFunc("/api/jssdk/config-signature", func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("url")
		if page == "" {
			http.Error(w, "url is required", http.StatusBadRequest)
			return
		}
		page, _, _ = strings.Cut(page, "#")
		var nb [16]byte
		rand.Read(nb[:])
		nonce := hex.EncodeToString(nb[:])
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		sum := sha1.Sum([]byte("jsapi_ticket=" + ticket + "&noncestr=" + nonce + "&timestamp=" + ts + "&url=" + page))
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(map[string]string{"timestamp": ts, "nonceStr": nonce, "signature": hex.EncodeToString(sum[:])})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:"+os.Getenv("PORT"))
	if err != nil {
		fmt.Fprintf(os.Stderr, "baresigner: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("listening %d\n", ln.Addr().(*net.TCPAddr).Port)
	http.Serve(ln, nil)
}

// corpTicket gets an access token and the corp jsapi_ticket once.
func corpTicket(base, corpID, secret string) (string, error) {
	var tok struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	if err := get(base+"/cgi-bin/gettoken?corpid="+url.QueryEscape(corpID)+"&corpsecret="+url.QueryEscape(secret), &tok); err != nil || tok.ErrCode != 0 {
		return "", fmt.Errorf("gettoken failed (errcode %d): %v", tok.ErrCode, err)
	}
	var t struct {
		ErrCode int    `json:"errcode"`
		Ticket  string `json:"ticket"`
	}
	if err := get(base+"/cgi-bin/get_jsapi_ticket?access_token="+url.QueryEscape(tok.AccessToken), &t); err != nil || t.ErrCode != 0 {
		return "", fmt.Errorf("get_jsapi_ticket failed (errcode %d): %v", t.ErrCode, err)
	}
	return t.Ticket, nil
}

func get(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return fmt.Errorf("the request failed (is WECOM_API_BASE right?): %w", err.(*url.Error).Err)
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
