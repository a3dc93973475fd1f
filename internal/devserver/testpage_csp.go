package devserver

// testPageCSP is the Content-Security-Policy of the built-in test page (and every .html of
// the phone build): nothing but its own scripts, styles, images and connections.
//
// With the eruda switch on, what eruda 3.4.3 (bundled, /__wecomdev/eruda.js) needs and no
// more, measured in Chromium (frontend/e2e/pagectl.e2e.mjs counts the violations):
//   - style-src 'unsafe-inline': eruda writes its styles into <style> elements and style
//     attributes at run time; without it the panel is unstyled (its entry button a
//     page-wide static block). A nonce would cover the elements only, not the attributes.
//   - script-src 'unsafe-eval': its class helper tries new Function (caught, but each try
//     is a reported violation), and its console runs what the developer types.
//   - font-src data:: its icon font is a data: URL.
//
// The page is fixed at load: turning eruda on while it is open takes a reload (the
// reporter says so on the page).
func testPageCSP(eruda bool) string {
	script, style, font := "script-src 'self'", "style-src 'self'", ""
	if eruda {
		script, style, font = "script-src 'self' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'", "font-src data:; "
	}
	return "default-src 'none'; " + script + "; " + style + "; " + font + "img-src 'self' data:; " +
		"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}
