package qr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

// joinURL looks like the link in a WeCom join-way code.
const joinURL = "https://work.weixin.qq.com/gm/3f2a7c1e9b8d4e5f6a7b8c9d0e1f2a3b"

func codePNG(t *testing.T, text string, size int) []byte {
	t.Helper()
	b, err := PNG(text, size)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encodeJPEG(t *testing.T, m image.Image, quality int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNGImage(t *testing.T, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withLogo draws a code as WeCom serves it: at the highest error correction (30 %), with a
// coloured logo on a white square in the middle, a fifth of the width wide.
func withLogo(t *testing.T, text string, size int) *image.RGBA {
	t.Helper()
	q, err := qrcode.New(text, qrcode.Highest)
	if err != nil {
		t.Fatal(err)
	}
	m, err := draw(q.Bitmap(), size)
	if err != nil {
		t.Fatal(err)
	}
	b := m.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, m.At(x, y))
		}
	}
	c, r := b.Dx()/2, b.Dx()/10
	for y := c - r; y < c+r; y++ {
		for x := c - r; x < c+r; x++ {
			col := color.RGBA{0xff, 0xff, 0xff, 0xff}
			if x > c-r+4 && x < c+r-4 && y > c-r+4 && y < c+r-4 {
				col = color.RGBA{0x07, 0xc1, 0x60, 0xff} // WeCom green
			}
			out.Set(x, y, col)
		}
	}
	return out
}

// onCanvas puts a code, scaled down by 2, off centre on a larger grey background, as in a
// screenshot: the decoder has to find it.
func onCanvas(m image.Image) *image.Gray {
	b := m.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()*3/2, b.Dx()*5/4))
	for i := range out.Pix {
		out.Pix[i] = 0xd0
	}
	for y := 0; y < b.Dy()/2; y++ {
		for x := 0; x < b.Dx()/2; x++ {
			r, _, _, _ := m.At(b.Min.X+2*x, b.Min.Y+2*y).RGBA()
			out.SetGray(40+x, 30+y, color.Gray{Y: uint8(r >> 8)})
		}
	}
	return out
}

func TestDecodeReadsTheCodeInPNGJPEGAndGIF(t *testing.T) {
	code := decodePNG(t, codePNG(t, joinURL, 430))
	captioned, err := PNGWithCaption(joinURL, "订单-1024", 0)
	if err != nil {
		t.Fatal(err)
	}
	var gifBytes bytes.Buffer
	if err := gif.Encode(&gifBytes, code, nil); err != nil {
		t.Fatal(err)
	}
	transparent := image.NewNRGBA(code.Bounds()) // light modules fully transparent
	for y := range code.Bounds().Dy() {
		for x := range code.Bounds().Dx() {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				transparent.Set(x, y, color.NRGBA{A: 0xff})
			}
		}
	}
	for _, tc := range []struct {
		name string
		img  []byte
		text string
	}{
		{"a PNG", codePNG(t, joinURL, 0), joinURL},
		{"a PNG of Chinese text", codePNG(t, chinese, 0), chinese},
		{"a JPEG", encodeJPEG(t, code, 75), joinURL},
		{"a JPEG with a logo in the middle", encodeJPEG(t, withLogo(t, joinURL, 430), 85), joinURL},
		{"a GIF", gifBytes.Bytes(), joinURL},
		{"a PNG with a transparent background", encodePNGImage(t, transparent), joinURL},
		{"a code off centre on a grey background", encodePNGImage(t, onCanvas(code)), joinURL},
		{"a code with a caption under it", captioned, joinURL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.img)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.text {
				t.Fatalf("decoded %q\nwant    %q", got, tc.text)
			}
		})
	}
}

// pngHeader is the start of a PNG that declares a w×h greyscale image: enough for
// image.DecodeConfig, and nothing to decode.
func pngHeader(w, h uint32) []byte {
	ihdr := []byte("IHDR\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00") // 8-bit grey
	binary.BigEndian.PutUint32(ihdr[4:], w)
	binary.BigEndian.PutUint32(ihdr[8:], h)
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0d")
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

func TestDecodeRefusesBadInputWithAClearError(t *testing.T) {
	white := image.NewGray(image.Rect(0, 0, 300, 300))
	for i := range white.Pix {
		white.Pix[i] = 0xff
	}
	// a code whose data area is scrambled: the finder patterns are there, the data is not
	pal := decodePNG(t, codePNG(t, joinURL, 330)).(*image.Paletted)
	damaged := image.NewGray(pal.Rect)
	for i, c := range pal.Pix {
		switch x, y := i%330, i/330; {
		case x > 110 && x < 220 && y > 110 && y < 300:
			damaged.Pix[i] = uint8(0xff * ((x/8 + y/8) % 2)) // a checkerboard over the data
		case c == 0: // light
			damaged.Pix[i] = 0xff
		}
	}
	good := codePNG(t, joinURL, 0)
	for _, tc := range []struct {
		name string
		img  []byte
		want error
		says string
	}{
		{"no data", nil, ErrNotImage, "the data is empty"},
		{"an empty slice", []byte{}, ErrNotImage, "the data is empty"},
		{"garbage", []byte("\x00\x01\x02\x03 not an image at all"), ErrNotImage, "starts with 00 01 02 03"},
		{"a JSON error reply", []byte(`{"errcode":40001,"errmsg":"invalid credential"}`), ErrNotImage, "looks like JSON"},
		{"an HTML page", []byte("\n<!DOCTYPE html><html><body>login</body></html>"), ErrNotImage, "looks like HTML"},
		{"a BMP", []byte("BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00"), ErrNotImage, "starts with 42 4d"},
		{"a PNG cut short", good[:len(good)/2], ErrNotImage, "PNG data is damaged"},
		{"a PNG with a damaged header", append(bytes.Clone(good[:20]), 0xff, 0xff), ErrNotImage, "PNG header is damaged"},
		{"a PNG declaring 0×0 pixels", pngHeader(0, 0), ErrNotImage, "PNG header is damaged: png: invalid format: non-positive dimension"},
		{"a file over the byte limit", make([]byte, MaxImageBytes+1), ErrImageTooLarge, "4194305 bytes, at most 4194304 (4 MB)"},
		{"a PNG declaring 10000×10000 pixels", pngHeader(10000, 10000), ErrImageTooLarge, "10000×10000 px, at most 4096×4096"},
		{"a PNG one pixel too wide", pngHeader(MaxImageSide+1, 10), ErrImageTooLarge, "4097×10 px"},
		{"an image without a code", encodePNGImage(t, white), ErrNoCode, "no QR code found in the 300×300 PNG"},
		{"a JPEG without a code", encodeJPEG(t, white, 80), ErrNoCode, "no QR code found in the 300×300 JPEG"},
		{"a code with its data scrambled", encodePNGImage(t, damaged), ErrNoCode, "no QR code found in the 330×330 PNG: something like one is there"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, err := Decode(tc.img)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.says) || text != "" {
				t.Fatalf("Decode: %q, %v\nwant %v saying %q", text, err, tc.want, tc.says)
			}
		})
	}
}

// FuzzDecode: Decode reads images from the network; whatever the bytes, it returns text or
// one of its errors, and never panics.
func FuzzDecode(f *testing.F) {
	code, err := PNG("https://a.cn/", MinSize)
	if err != nil {
		f.Fatal(err)
	}
	m, _ := png.Decode(bytes.NewReader(code))
	var j, g bytes.Buffer
	if err := jpeg.Encode(&j, m, nil); err != nil {
		f.Fatal(err)
	}
	if err := gif.Encode(&g, m, nil); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{code, j.Bytes(), g.Bytes(), pngHeader(5000, 5000), []byte(`{"errcode":1}`), nil} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		text, err := Decode(b)
		if err != nil && !errors.Is(err, ErrNotImage) && !errors.Is(err, ErrImageTooLarge) && !errors.Is(err, ErrNoCode) {
			t.Fatalf("an error of no known kind: %v", err)
		}
		if err != nil && text != "" {
			t.Fatalf("text %q with the error %v", text, err)
		}
	})
}
