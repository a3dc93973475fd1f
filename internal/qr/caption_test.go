package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"slices"
	"strings"
	"sync"
	"testing"
)

const (
	longChinese = "订单渠道门店活动一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑" // 30 characters, the longest state
	noGlyph     = "\U0010FFFD"                     // a private-use rune no font draws
)

// isDark says whether a pixel is more ink than paper.
func isDark(m image.Image, x, y int) bool {
	if g, ok := m.(*image.Gray); ok { // what PNGWithCaption makes: quicker under -race
		return g.GrayAt(x, y).Y < 0x80
	}
	r, g, b, _ := m.At(x, y).RGBA()
	return r+2*g+b < 4*0x8000
}

// darkIn counts the dark pixels of m in r.
func darkIn(m image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if isDark(m, x, y) {
				n++
			}
		}
	}
	return n
}

// checkBand checks the caption band of m, the rows under the top top rows: there is text in
// it, nothing at its edges, nothing in its left and right margins.
func checkBand(t *testing.T, m image.Image, top int) {
	t.Helper()
	w, h := m.Bounds().Dx(), m.Bounds().Dy()
	if h <= top {
		t.Fatalf("the image is %d×%d: no band under the %d px of the code", w, h, top)
	}
	band := image.Rect(0, top, w, h)
	if darkIn(m, band) == 0 {
		t.Fatalf("the %d px band is blank: no caption was drawn", h-top)
	}
	mg := bandMargin(w)
	for name, r := range map[string]image.Rectangle{
		"top row":      image.Rect(0, top, w, top+1),
		"bottom row":   image.Rect(0, h-1, w, h),
		"left margin":  image.Rect(0, top, mg, h),
		"right margin": image.Rect(w-mg, top, w, h),
	} {
		if n := darkIn(m, r); n > 0 {
			t.Fatalf("%d dark pixels in the band's %s %v: the caption runs over", n, name, r)
		}
	}
}

func TestTheCaptionedPNGIsTheCodeWithItsCaptionUnderIt(t *testing.T) {
	for _, tc := range []struct {
		name, caption string
		size          int
	}{
		{"an ASCII state", "test-001", 0},
		{"a Chinese state", "订单-1024", 0},
		{"the longest Chinese state", longChinese, 0},
		{"the longest Chinese state on a small code", longChinese, 256},
		{"words and spaces", "Spring sale 2024 — store #12 · Beijing", 0},
		{"the longest caption", strings.Repeat("w", MaxCaptionRunes), 0},
		{"a state on a large code", "test-001", 1024},
		{"a state on the smallest code", "t-1", MinSize},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := PNGWithCaption(joinURL, tc.caption, tc.size)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := Decode(b); err != nil || got != joinURL {
				t.Fatalf("decoded %q, %v\nwant    %q", got, err, joinURL)
			}
			size := cmpOr(tc.size, DefaultSize)
			m := decodePNG(t, b)
			if m.Bounds().Dx() != size {
				t.Fatalf("%v: want %d px wide, as the code", m.Bounds(), size)
			}
			code := decodePNG(t, codePNG(t, joinURL, size)).(*image.Paletted)
			for y := range size {
				for x := range size {
					if isDark(m, x, y) != (code.ColorIndexAt(x, y) == 1) {
						t.Fatalf("pixel (%d,%d) differs from PNG's code", x, y)
					}
				}
			}
			checkBand(t, m, size)
		})
	}
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func TestALongChineseCaptionGoesOnTwoLegibleLines(t *testing.T) {
	ct, err := parseCaption(longChinese)
	if err != nil {
		t.Fatal(err)
	}
	lines, px, err := ct.layout(DefaultSize)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || 4*px < 3*(DefaultSize/14) {
		t.Fatalf("%d lines %v at %d px; want two lines at least 3/4 of %d px high", len(lines), lines, px, DefaultSize/14)
	}
	if a, b := lines[0][1]-lines[0][0], lines[1][1]-lines[1][0]; a != 15 || b != 15 {
		t.Fatalf("lines of %d and %d characters, want 15 and 15", a, b)
	}
	short, _ := parseCaption("test-001")
	if lines, px, _ := short.layout(DefaultSize); len(lines) != 1 || px != DefaultSize/14 {
		t.Fatalf("a short caption: %d lines at %d px, want one at %d", len(lines), px, DefaultSize/14)
	}
}

func TestALongCaptionBreaksAtASpaceOrDash(t *testing.T) {
	for _, tc := range []struct{ caption, first, second string }{
		{"Spring sale 2024 at the store in Beijing", "Spring sale 2024 at", "the store in Beijing"},
		{"warehouse-east-2024-autumn-campaign-x", "warehouse-east-2024-", "autumn-campaign-x"},
	} {
		ct, err := parseCaption(tc.caption)
		if err != nil {
			t.Fatal(err)
		}
		lines, _, err := ct.layout(MinCaptionWidth)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range lines {
			got = append(got, string(ct.runes[s[0]:s[1]]))
		}
		if !slices.Equal(got, []string{tc.first, tc.second}) {
			t.Fatalf("%q: lines %q, want %q and %q", tc.caption, got, tc.first, tc.second)
		}
	}
}

func TestCaptionImageCaptionsWeComsOwnImage(t *testing.T) {
	tiny := codePNG(t, joinURL, 100)
	for _, tc := range []struct {
		name  string
		img   []byte
		width int // of the result
	}{
		{"a PNG", codePNG(t, joinURL, 430), 430},
		{"a JPEG", encodeJPEG(t, decodePNG(t, codePNG(t, joinURL, 430)), 75), 430},
		{"a JPEG with a logo", encodeJPEG(t, withLogo(t, joinURL, 430), 85), 430},
		{"a tiny PNG, scaled up three times", tiny, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := CaptionImage(tc.img, "订单-1024")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := Decode(b); err != nil || got != joinURL {
				t.Fatalf("decoded %q, %v\nwant    %q", got, err, joinURL)
			}
			m := decodePNG(t, b)
			if m.Bounds().Dx() != tc.width {
				t.Fatalf("%d px wide, want %d", m.Bounds().Dx(), tc.width)
			}
			checkBand(t, m, tc.width)
		})
	}
	t.Run("the tiny PNG's modules stay crisp", func(t *testing.T) {
		b, err := CaptionImage(tiny, "test-001")
		if err != nil {
			t.Fatal(err)
		}
		m, src := decodePNG(t, b), decodePNG(t, tiny)
		for y := range 300 {
			for x := range 300 {
				if r, _, _, _ := m.At(x, y).RGBA(); (r == 0) != isDark(src, x/3, y/3) || (r != 0 && r != 0xffff) {
					t.Fatalf("pixel (%d,%d) = %#x, want pixel (%d,%d) of the source, black or white", x, y, r, x/3, y/3)
				}
			}
		}
	})
	t.Run("a long caption on a tiny image", func(t *testing.T) {
		b, err := CaptionImage(codePNG(t, joinURL, 64), longChinese)
		if err != nil {
			t.Fatal(err)
		}
		m := decodePNG(t, b)
		if w := m.Bounds().Dx(); w < MinCaptionWidth || w%64 != 0 {
			t.Fatalf("%d px wide, want a multiple of 64 and at least %d", w, MinCaptionWidth)
		}
		checkBand(t, m, m.Bounds().Dx())
	})
}

// band draws caption and returns the band's pixels.
func bandPixels(t *testing.T, caption string, w int) []byte {
	t.Helper()
	ct, err := parseCaption(caption)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ct.band(w)
	if err != nil {
		t.Fatal(err)
	}
	return b.Pix
}

func TestChineseIsDrawnWithTheSystemsCJKFont(t *testing.T) {
	sf := cjkFont()
	if sf == nil {
		t.Skip("no CJK font on this machine (Debian: apt-get install fonts-noto-cjk); Chinese captions show boxes")
	}
	t.Logf("CJK font: %s (%s)", sf.path, sf.name)
	if m := MissingGlyphs("订单-1024 " + longChinese); m != nil {
		t.Fatalf("missing glyphs %q with %s", m, sf.path)
	}
	got, boxes := bandPixels(t, "订单", 512), bandPixels(t, noGlyph+noGlyph, 512)
	if bytes.Equal(got, boxes) {
		t.Fatal("订单 is drawn as two boxes, like runes no font has")
	}
	if bytes.Equal(got, bandPixels(t, "订", 512)) {
		t.Fatal("订单 is drawn as 订")
	}
}

func TestARuneNoFontHasIsDrawnAsABoxAndReported(t *testing.T) {
	if m := MissingGlyphs("a" + noGlyph + "b" + noGlyph + "1"); !slices.Equal(m, []rune(noGlyph)) {
		t.Fatalf("MissingGlyphs = %q, want just U+10FFFD", m)
	}
	if m := MissingGlyphs("test-001 Straße Ωμέγα"); m != nil {
		t.Fatalf("MissingGlyphs = %q for text Go Regular has", m)
	}
	pix := bandPixels(t, noGlyph, 512)
	dark := 0
	for _, p := range pix {
		if p < 0x80 {
			dark++
		}
	}
	if dark == 0 {
		t.Fatal("nothing is drawn for a rune no font has")
	}
}

func TestInvisibleRunesAndOuterSpacesAreNotDrawn(t *testing.T) {
	want := bandPixels(t, "test-001", 512)
	for _, caption := range []string{"  test-001\t", "\ufefftest-\u200b001", "test-001\ufe0f"} {
		if !bytes.Equal(bandPixels(t, caption, 512), want) {
			t.Errorf("%q is not drawn as test-001", caption)
		}
	}
}

func TestBadCaptionsGetAClearError(t *testing.T) {
	for _, tc := range []struct {
		name, caption string
		want          error
		says          string
	}{
		{"an empty caption", "", ErrCaption, "the caption is empty"},
		{"only spaces", " \t ", ErrCaption, "the caption is empty"},
		{"only invisible runes", "\u200b\ufeff", ErrCaption, "the caption is empty"},
		{"two lines", "a\nb", ErrCaption, "control character U+000A"},
		{"not UTF-8", "test-\xff", ErrCaption, "not valid UTF-8"},
		{"too long", strings.Repeat("订", MaxCaptionRunes+1), ErrCaption, "41 characters, at most 40"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := PNGWithCaption(joinURL, tc.caption, 0)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) || b != nil {
				t.Fatalf("PNGWithCaption: %v, want %v saying %q", err, tc.want, tc.says)
			}
			b, err = CaptionImage(codePNG(t, joinURL, 0), tc.caption)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) || b != nil {
				t.Fatalf("CaptionImage: %v, want %v saying %q", err, tc.want, tc.says)
			}
		})
	}
	t.Run("bad text or size before the caption", func(t *testing.T) {
		if _, err := PNGWithCaption("", "x", 0); !errors.Is(err, ErrEmpty) {
			t.Fatalf("empty text: %v", err)
		}
		if _, err := PNGWithCaption("x", "x", MaxSize+1); !errors.Is(err, ErrSize) {
			t.Fatalf("size over the maximum: %v", err)
		}
	})
	t.Run("an image that is none", func(t *testing.T) {
		if _, err := CaptionImage([]byte(`{"errcode":40001}`), "x"); !errors.Is(err, ErrNotImage) || !strings.Contains(err.Error(), "JSON") {
			t.Fatalf("CaptionImage: %v", err)
		}
	})
}

func TestACaptionTooWideForTheSizeSaysWhatSizeFits(t *testing.T) {
	_, err := PNGWithCaption("https://a.cn/", longChinese, MinSize)
	if !errors.Is(err, ErrTooSmall) {
		t.Fatalf("%v, want ErrTooSmall", err)
	}
	var need int
	if _, scanErr := fmt.Sscanf(err.Error()[strings.Index(err.Error(), "at least"):], "at least %d px wide", &need); scanErr != nil {
		t.Fatalf("%v: no size in the message (%v)", err, scanErr)
	}
	if _, err := PNGWithCaption("https://a.cn/", longChinese, need); err != nil {
		t.Fatalf("the size the message gives, %d px, fails too: %v", need, err)
	}
	if _, err := PNGWithCaption("https://a.cn/", longChinese, need-1); !errors.Is(err, ErrTooSmall) {
		t.Fatalf("%d px, one under the size the message gives, does not fail: %v", need-1, err)
	}
}

// TestCaptionsAreDrawnConcurrently: run alone, it also loads the fonts from several
// goroutines at once.
func TestCaptionsAreDrawnConcurrently(t *testing.T) {
	captions := []string{"test-001", "订单-1024", longChinese, "a" + noGlyph}
	const n = 4
	var (
		wg  sync.WaitGroup
		got [n][][]byte
	)
	for g := range n {
		got[g] = make([][]byte, len(captions))
		wg.Go(func() {
			for k := range captions {
				i := (g + k) % len(captions) // each goroutine in another order
				MissingGlyphs(captions[i])
				b, err := PNGWithCaption(joinURL, captions[i], 256)
				if err != nil {
					t.Error(err)
				}
				got[g][i] = b
			}
		})
	}
	wg.Wait()
	for i, c := range captions {
		want, err := PNGWithCaption(joinURL, c, 256)
		if err != nil {
			t.Fatal(err)
		}
		for g := range n {
			if !bytes.Equal(got[g][i], want) {
				t.Errorf("goroutine %d drew %q differently", g, c)
			}
		}
	}
}

// TestACaptionedPNGIsSmall: batches of them go into a zip.
func TestACaptionedPNGIsSmall(t *testing.T) {
	b, err := PNGWithCaption(joinURL, longChinese, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 32<<10 {
		t.Fatalf("%d bytes", len(b))
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != DefaultSize {
		t.Fatalf("%+v, %v", cfg, err)
	}
}
