package qr

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const (
	chinese = "用企业微信扫一扫：打开测试页面 ✓"
	longURL = "https://h5.example.com/wecom/test/index.html?corpId=ww1234567890abcdef&agentId=1000002" +
		"&redirect=https%3A%2F%2Fh5.example.com%2Fback%3Fa%3D1%26b%3D2&name=%E4%BC%81%E4%B8%9A%E5%BE%AE%E4%BF%A1" +
		"&raw=企业微信&empty=&list=a,b,c&tilde=~x&plus=a+b&state=STATE_0123456789#/route?x=1"
)

// longest is a text of exactly MaxTextBytes bytes, Chinese and ASCII mixed.
var longest = func() string {
	s := "https://h5.example.com/?q=" + strings.Repeat("企业微信&", 155)
	return s + strings.Repeat("x", MaxTextBytes-len(s))
}()

// decode reads the QR code in a generated image. It says the image is a pure code
// (PURE_BARCODE), as ZXing's maintainers advise for generated images: the camera-oriented
// finder-pattern search of ZXing (and so of gozxing) can take a 1:1:3:1:1 run in perfectly
// crisp data for a finder pattern at some scales, a failure of that search, not of the code
// (zbarimg reads the same images; see TestZbarReadsThePNGsToo). No character set is given:
// the decoder guesses UTF-8 from the bytes, as a phone's scanner does.
func decode(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return res.GetText()
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

func TestThePNGDecodesBackToTheExactText(t *testing.T) {
	if len(longest) != MaxTextBytes {
		t.Fatalf("the longest text is %d bytes, want %d", len(longest), MaxTextBytes)
	}
	for _, tc := range []struct {
		name string
		text string
		size int
	}{
		{"a short URL", "https://h5.example.com/", 0},
		{"Chinese text", chinese, 0},
		{"a long URL with a query", longURL, 0},
		{"a long URL at the smallest size that fits", longURL, 73},
		{"a short URL at the smallest size", "https://a.cn/", MinSize},
		{"the longest text", longest, 1024},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := PNG(tc.text, tc.size)
			if err != nil {
				t.Fatal(err)
			}
			if got := decode(t, decodePNG(t, b)); got != tc.text {
				t.Fatalf("decoded %q\nwant    %q", got, tc.text)
			}
		})
	}
}

// TestZbarReadsThePNGsToo: a second, camera-oriented decoder reads the PNGs with no hint.
// Not `longest`: go-qrcode writes no ECI (character set) marker, and zbar takes its long runs
// of CJK UTF-8 for Shift_JIS; `wecomdev qr` says so when a text is not ASCII.
func TestZbarReadsThePNGsToo(t *testing.T) {
	zbarimg, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg is not installed (Debian: apt-get install zbar-tools)")
	}
	dir := t.TempDir()
	for i, text := range []string{"https://h5.example.com/", chinese, longURL} {
		b, err := PNG(text, 0)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, fmt.Sprintf("%d.png", i))
		if err := os.WriteFile(file, b, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(zbarimg, "--quiet", "--raw", file).Output()
		if got := strings.TrimSuffix(string(out), "\n"); err != nil || got != text {
			t.Errorf("zbarimg %d: %v: got %q\nwant %q", i, err, got, text)
		}
	}
}

func TestTheLibraryKeepsAFourModuleQuietZone(t *testing.T) {
	for _, text := range []string{"x", chinese, longURL} {
		bits, err := Bitmap(text)
		if err != nil {
			t.Fatal(err)
		}
		n := len(bits)
		if side := n - 2*QuietZone; side < 21 || (side-21)%4 != 0 {
			t.Fatalf("%d modules wide: not a QR symbol plus a %d-module quiet zone", n, QuietZone)
		}
		for y, row := range bits {
			if len(row) != n {
				t.Fatalf("row %d is %d modules, want %d", y, len(row), n)
			}
			for x, dark := range row {
				inZone := y < QuietZone || x < QuietZone || y >= n-QuietZone || x >= n-QuietZone
				if inZone && dark {
					t.Fatalf("%q: module (%d,%d) in the quiet zone is dark", text, x, y)
				}
			}
		}
		// the finder pattern starts right after the quiet zone, in three corners
		for _, c := range [][2]int{{QuietZone, QuietZone}, {n - QuietZone - 1, QuietZone}, {QuietZone, n - QuietZone - 1}} {
			if !bits[c[1]][c[0]] {
				t.Fatalf("%q: no finder pattern at %v", text, c)
			}
		}
	}
}

func TestThePNGIsTheSizeAskedWithWholeModulesInsideTheQuietZone(t *testing.T) {
	bits, err := Bitmap(longURL)
	if err != nil {
		t.Fatal(err)
	}
	n := len(bits)
	for _, size := range []int{0, n, 300, 512, 1000} {
		b, err := PNG(longURL, size)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if size == 0 {
			size = DefaultSize
		}
		img := decodePNG(t, b)
		if img.Bounds() != image.Rect(0, 0, size, size) {
			t.Fatalf("size %d: bounds %v", size, img.Bounds())
		}
		scale := Scale(n, size)
		off := (size - n*scale) / 2
		for py := 0; py < size; py++ {
			for px := 0; px < size; px++ {
				want := false // the margin left over and the quiet zone are light
				if x, y := (px-off)/scale, (py-off)/scale; px >= off && py >= off && x < n && y < n {
					want = bits[y][x]
				}
				if r, _, _, _ := img.At(px, py).RGBA(); (r == 0) != want {
					t.Fatalf("size %d: pixel (%d,%d) dark=%v, want %v (module scale %d, offset %d)", size, px, py, r == 0, want, scale, off)
				}
			}
		}
		if margin := off + QuietZone*scale; margin < QuietZone*scale {
			t.Fatalf("size %d: margin %d px", size, margin)
		}
	}
}

func TestTheLargestPNGIsMaxSizeSquare(t *testing.T) {
	b, err := PNG("https://h5.example.com/", MaxSize)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width != MaxSize || cfg.Height != MaxSize {
		t.Fatalf("%dx%d, %v", cfg.Width, cfg.Height, err)
	}
}

func TestBadInputGetsAClearError(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		size int
		want error
		says string
	}{
		{"empty text", "", 0, ErrEmpty, "empty"},
		{"text over the limit", strings.Repeat("a", MaxTextBytes+1), 0, ErrTooLong, "2049 bytes, at most 2048"},
		{"text that is not UTF-8", "https://h5.example.com/\xff", 0, ErrNotUTF8, "UTF-8"},
		{"a size under the minimum", "x", MinSize - 1, ErrSize, "63 px; give 64 to 4096"},
		{"a size over the maximum", "x", MaxSize + 1, ErrSize, "4097 px"},
		{"a negative size", "x", -5, ErrSize, "-5 px"},
		{"a code wider than the size", longURL, 64, ErrTooSmall, "needs at least 73 px"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := PNG(tc.text, tc.size)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) || b != nil {
				t.Fatalf("PNG: %v (%d bytes), want %v saying %q", err, len(b), tc.want, tc.says)
			}
		})
	}
	if _, err := Text(""); !errors.Is(err, ErrEmpty) {
		t.Fatalf("Text(\"\"): %v", err)
	}
}

// parseText turns a half-block rendering back into modules (true = dark): each character is
// two modules, top and bottom, and the printed halves are the light ones.
func parseText(t *testing.T, s string) [][]bool {
	t.Helper()
	halves := map[rune][2]bool{'█': {true, true}, '▀': {true, false}, '▄': {false, true}, ' ': {false, false}}
	var bits [][]bool
	for _, line := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		var top, bottom []bool
		for _, r := range line {
			light, ok := halves[r]
			if !ok {
				t.Fatalf("unexpected character %q in the rendering", r)
			}
			top, bottom = append(top, !light[0]), append(bottom, !light[1])
		}
		bits = append(bits, top, bottom)
	}
	return bits
}

func TestTheTextRenderingIsTheSameCode(t *testing.T) {
	for _, text := range []string{"https://h5.example.com/", chinese} {
		s, err := Text(text)
		if err != nil {
			t.Fatal(err)
		}
		bits, _ := Bitmap(text)
		got := parseText(t, s)
		if len(got) != len(bits)+1 { // an odd number of rows: the last half line is quiet zone
			t.Fatalf("%d rows, want %d", len(got), len(bits)+1)
		}
		for y := range got {
			for x := range got[y] {
				want := y < len(bits) && bits[y][x]
				if got[y][x] != want {
					t.Fatalf("%q: module (%d,%d) dark=%v, want %v", text, x, y, got[y][x], want)
				}
			}
		}
		img, err := draw(got[:len(bits)], 8*len(bits))
		if err != nil {
			t.Fatal(err)
		}
		if dec := decode(t, img); dec != text {
			t.Fatalf("the rendering decodes to %q, want %q", dec, text)
		}
	}
}

func TestTheTextRenderingMatchesTheGoldenFiles(t *testing.T) {
	for _, tc := range []struct{ file, text string }{
		{"test-page.txt", "https://h5.example.com/__wecomdev/test"},
		{"chinese.txt", chinese},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := Text(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Fatalf("the rendering differs from %s (go test -update rewrites it):\n%s", path, got)
			}
		})
	}
}
