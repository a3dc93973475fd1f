// Package qr draws the QR codes a developer scans with WeCom (企业微信) on a phone: a PNG for
// the GUI and for files, and a text rendering for a terminal.
//
// The modules come from github.com/skip2/go-qrcode at medium error correction (15 %), with
// the library's border as the quiet zone: 4 light modules on every side, as the QR standard
// asks and phone scanners need. The PNG is drawn here, not by the library, so that every
// module is a whole number of pixels (the library stretches modules to fill the size, which
// makes them uneven); what is left of the size is added to the light margin.
//
// It also reads the code in an image (Decode: WeCom's join-way codes come as images) and
// prints a caption under a code (PNGWithCaption, CaptionImage), for batches of test codes
// labelled with their state.
package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"
)

// Limits.
const (
	DefaultSize  = 512  // PNG width and height in pixels when size is 0
	MinSize      = 64   // smallest PNG size accepted
	MaxSize      = 4096 // largest PNG size accepted
	MaxTextBytes = 2048 // longest text accepted, in bytes (UTF-8)
	QuietZone    = 4    // light modules around the symbol
)

// Errors; the returned errors wrap one of these with the figures.
var (
	ErrEmpty    = errors.New("nothing to encode")
	ErrTooLong  = errors.New("text too long for a QR code a phone can scan")
	ErrNotUTF8  = errors.New("text is not valid UTF-8")
	ErrSize     = errors.New("size out of range")
	ErrTooSmall = errors.New("size too small for this text")
)

// Light and dark are the PNG's two colours.
var (
	Light = color.Gray{Y: 0xff}
	Dark  = color.Gray{Y: 0x00}
)

// Bitmap returns the code's modules, quiet zone included: bitmap[y][x] is true for a dark
// module. It is square, 21+4(v-1)+2·QuietZone modules wide for QR version v.
func Bitmap(text string) ([][]bool, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("%w: %d bytes: %v", ErrTooLong, len(text), err)
	}
	return q.Bitmap(), nil
}

func checkText(text string) error {
	switch {
	case text == "":
		return fmt.Errorf("%w: the text is empty", ErrEmpty)
	case len(text) > MaxTextBytes:
		return fmt.Errorf("%w: %d bytes, at most %d (a shorter URL, or a path on the dev server, scans more easily)", ErrTooLong, len(text), MaxTextBytes)
	case !utf8.ValidString(text):
		return fmt.Errorf("%w: scanners read the bytes as UTF-8", ErrNotUTF8)
	}
	return nil
}

// PNG draws the QR code of text as a size×size PNG (size 0: DefaultSize), black on white,
// each module a whole number of pixels, centred in at least QuietZone light modules.
func PNG(text string, size int) ([]byte, error) {
	img, err := codeImage(text, size)
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// codeImage is PNG's image: size 0 is DefaultSize.
func codeImage(text string, size int) (*image.Paletted, error) {
	if size == 0 {
		size = DefaultSize
	}
	if size < MinSize || size > MaxSize {
		return nil, fmt.Errorf("%w: %d px; give %d to %d", ErrSize, size, MinSize, MaxSize)
	}
	bits, err := Bitmap(text)
	if err != nil {
		return nil, err
	}
	return draw(bits, size)
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode the png: %w", err)
	}
	return b.Bytes(), nil
}

// Scale is the number of pixels per module that PNG uses for a code n modules wide (quiet
// zone included) in a size×size image; 0 when it does not fit.
func Scale(n, size int) int {
	if n <= 0 {
		return 0
	}
	return size / n
}

func draw(bits [][]bool, size int) (*image.Paletted, error) {
	n := len(bits)
	scale := Scale(n, size)
	if scale < 1 {
		return nil, fmt.Errorf("%w: the code is %d modules wide (quiet zone included), so it needs at least %d px", ErrTooSmall, n, n)
	}
	off := (size - n*scale) / 2
	img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{Light, Dark})
	for y, row := range bits {
		for x, dark := range row {
			if !dark {
				continue
			}
			for py := off + y*scale; py < off+(y+1)*scale; py++ {
				line := img.Pix[py*img.Stride:]
				for px := off + x*scale; px < off+(x+1)*scale; px++ {
					line[px] = 1
				}
			}
		}
	}
	return img, nil
}

// Text renders the QR code of text for a terminal with half blocks: one character is one
// module wide and two modules high, so the code comes out square in a usual terminal font.
// The light modules (quiet zone included) are the printed ones, so that on a terminal with a
// dark background the code reads dark on light, as scanners expect; on a light background
// save a PNG instead. Every line ends with "\n".
func Text(text string) (string, error) {
	bits, err := Bitmap(text)
	if err != nil {
		return "", err
	}
	return render(bits), nil
}

func render(bits [][]bool) string {
	n := len(bits)
	var b strings.Builder
	b.Grow((n + 1) / 2 * (n*3 + 1))
	light := func(y, x int) bool { return y >= n || !bits[y][x] } // below the last row: more quiet zone
	for y := 0; y < n; y += 2 {
		for x := 0; x < n; x++ {
			switch top, bottom := light(y, x), light(y+1, x); {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}
