package qr

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// Captions are drawn in Go Regular, which is compiled in and covers Latin, Greek and
// Cyrillic, and, for the runes it lacks (Chinese above all), in a CJK font of the system,
// looked for once, on the first caption that needs it. No font is read on package init.
//
// sfnt.Font methods are safe for concurrent use with one sfnt.Buffer per call, so the fonts
// are shared; a font.Face is not, so every drawing makes its own.

// goFont is Go Regular, parsed on first use.
var goFont = sync.OnceValues(func() (*sfnt.Font, error) { return opentype.Parse(goregular.TTF) })

// systemFont is a font found on the machine.
type systemFont struct {
	font *sfnt.Font
	path string
	name string // family name, for messages and tests
}

// cjkFont is the system's CJK font, nil when none of the known ones is there. The file stays
// open for the life of the process: the font is read from it glyph by glyph, so a 20 MB
// collection costs a file descriptor, not 20 MB of memory.
var cjkFont = sync.OnceValue(func() *systemFont { return findFont(cjkFontPaths(), cjkProbe) })

// cjkProbe is a rune every CJK font has (中, "middle").
const cjkProbe = '中'

// cjkFontPaths lists, best first, the files that may hold a CJK font on this system: the
// fonts that ship with the OS (macOS, Windows) or with the usual packages (Linux:
// fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei, fonts-droid-fallback).
func cjkFontPaths() []string {
	switch runtime.GOOS {
	case "darwin":
		return []string{
			"/System/Library/Fonts/PingFang.ttc",
			"/System/Library/Fonts/Hiragino Sans GB.ttc",
			"/System/Library/Fonts/STHeiti Medium.ttc",
			"/System/Library/Fonts/STHeiti Light.ttc",
			"/Library/Fonts/Arial Unicode.ttf",
			"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
		}
	case "windows":
		dir := os.Getenv("WINDIR")
		if dir == "" {
			dir = `C:\Windows`
		}
		var paths []string
		for _, name := range []string{"msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc", "msjh.ttc"} {
			paths = append(paths, filepath.Join(dir, "Fonts", name))
		}
		return paths
	}
	paths := []string{
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", // Debian, Ubuntu
		"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",      // Arch
		"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
		"/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
		"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
		"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	}
	// Elsewhere under the font directories (Fedora, openSUSE, NixOS profiles, BSDs):
	// any file named *CJK*, the regular sans ones first.
	var found []string
	for _, root := range []string{"/usr/share/fonts", "/usr/local/share/fonts"} {
		for _, depth := range []string{"/*", "/*/*", "/*/*/*"} {
			m, _ := filepath.Glob(root + depth + "/*CJK*")
			found = append(found, m...)
		}
	}
	rank := func(p string) int {
		base := strings.ToLower(filepath.Base(p))
		r := 0
		if !strings.Contains(base, "sans") {
			r += 2
		}
		if !strings.Contains(base, "regular") {
			r++
		}
		return r
	}
	slices.SortStableFunc(found, func(a, b string) int { return rank(a) - rank(b) })
	for _, p := range found {
		switch strings.ToLower(filepath.Ext(p)) {
		case ".ttc", ".otc", ".ttf", ".otf":
			if !slices.Contains(paths, p) {
				paths = append(paths, p)
			}
		}
	}
	return paths
}

// findFont returns the first font, in the order of paths, that has a glyph for probe; in a
// collection (.ttc) the member for Simplified Chinese if there is one. Nil when none has it.
func findFont(paths []string, probe rune) *systemFont {
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		c, err := opentype.ParseCollectionReaderAt(f)
		if err != nil {
			f.Close()
			continue
		}
		if font, name := pickFont(c, probe); font != nil {
			return &systemFont{font: font, path: path, name: name} // f stays open: font reads from it
		}
		f.Close()
	}
	return nil
}

// pickFont chooses, among the fonts of a collection that have probe, the one for Simplified
// Chinese (PingFang SC, Noto Sans CJK SC, Hiragino Sans GB…), proportional, regular weight;
// else the first. The members of a CJK collection differ in the glyphs some shared
// ideographs map to (直, 骨…), and the console's users read Simplified Chinese.
func pickFont(c *opentype.Collection, probe rune) (*sfnt.Font, string) {
	var (
		buf       sfnt.Buffer
		best      *sfnt.Font
		bestName  string
		bestScore = -1
	)
	for i := range min(c.NumFonts(), 32) {
		f, err := c.Font(i)
		if err != nil {
			continue
		}
		if x, err := f.GlyphIndex(&buf, probe); err != nil || x == 0 {
			continue
		}
		family, _ := f.Name(&buf, sfnt.NameIDFamily)
		sub, _ := f.Name(&buf, sfnt.NameIDSubfamily)
		score := 0
		if strings.HasSuffix(family, " SC") || strings.Contains(family, " SC ") || strings.Contains(family, " GB") {
			score += 4
		}
		if !strings.Contains(family, "Mono") {
			score += 2
		}
		if sub == "" || sub == "Regular" {
			score++
		}
		if score > bestScore {
			best, bestName, bestScore = f, family, score
		}
	}
	return best, bestName
}
