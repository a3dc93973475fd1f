package devserver

import (
	_ "embed"
	"encoding/json"
)

// jsapis.json is the emulator's one table of client APIs, derived from @wecom/jssdk 2.4.4
// (types/index.d.ts and dist/wecom.js) by frontend/phone/src/emulator/jsapis-derive.ts;
// frontend/phone/src/emulator/jsapis.test.ts fails when it no longer matches the
// installed SDK (docs/wecom-facts.md, Emulator). The phone's emulator reads the same file.
//
//go:embed jsapis.json
var jsapisJSON []byte

// jsAPI is one API of the table.
type jsAPI struct {
	SDK         string   `json:"sdk"`
	Client      string   `json:"client"`  // its name in jsApiList and checkJsApi
	Invokes     []string `json:"invokes"` // the names the SDK passes to WeixinJSBridge.invoke / on
	AppIdentity bool     `json:"appIdentity"`
}

// knownAPIs holds every client and invoked name of the SDK's APIs: a WeCom client knows
// them; any other name answers "function not exist".
var knownAPIs = func() map[string]bool {
	var t struct {
		APIs []jsAPI `json:"apis"`
	}
	if err := json.Unmarshal(jsapisJSON, &t); err != nil || len(t.APIs) == 0 {
		panic("devserver: jsapis.json is not the table jsapis-derive.ts writes")
	}
	known := map[string]bool{}
	for _, a := range t.APIs {
		known[a.Client] = true
		for _, n := range a.Invokes {
			known[n] = true
		}
	}
	return known
}()
