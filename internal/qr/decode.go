package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // registers GIF with image.Decode
	_ "image/jpeg" // registers JPEG; WeCom serves its join-way codes as JPEG
	_ "image/png"
	"strings"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// Limits on the images Decode and CaptionImage read: they come from the network, and a
// small file can declare a huge image (a 4096×4096 image already decodes to 64 MB).
const (
	MaxImageBytes = 4 << 20 // largest image file accepted
	MaxImageSide  = 4096    // largest width or height accepted, in pixels
)

// Errors of Decode and CaptionImage; the returned errors wrap one of these with the details.
var (
	ErrNotImage      = errors.New("not a PNG, JPEG or GIF image")
	ErrImageTooLarge = errors.New("image too large")
	ErrNoCode        = errors.New("no QR code found")
)

// Decode reads the QR code in a PNG, JPEG or GIF image (the first frame of a GIF) and
// returns its text. It is meant for the images WeCom serves for join-way codes, which are
// JPEG with a logo in the middle: the decoder searches the whole image (TRY_HARDER), then
// reads it as a bare code, then with a global threshold. With several codes in the image,
// the one found first is returned.
//
// The image is refused before decoding when the file is over MaxImageBytes or its header
// declares a side over MaxImageSide. Errors wrap ErrNotImage, ErrImageTooLarge or ErrNoCode.
func Decode(img []byte) (string, error) {
	m, format, err := decodeImage(img)
	if err != nil {
		return "", err
	}
	text, err := readCode(m, format)
	if err == nil {
		return text, nil
	}
	// A code with a caption band under it (PNGWithCaption, CaptionImage): the text can
	// throw the finder-pattern search off, so read the square at the top on its own.
	b := m.Bounds()
	if side := min(b.Dx(), b.Dy()); side < max(b.Dx(), b.Dy()) {
		if sub, ok := m.(interface {
			SubImage(image.Rectangle) image.Image
		}); ok {
			if text, err2 := readCode(sub.SubImage(image.Rect(b.Min.X, b.Min.Y, b.Min.X+side, b.Min.Y+side)), format); err2 == nil {
				return text, nil
			}
		}
	}
	return "", err
}

// decodeImage decodes a PNG, JPEG or GIF image within the limits; format is its name as
// image.Decode gives it ("png", "jpeg", "gif").
func decodeImage(b []byte) (image.Image, string, error) {
	switch {
	case len(b) == 0:
		return nil, "", fmt.Errorf("%w: the data is empty", ErrNotImage)
	case len(b) > MaxImageBytes:
		return nil, "", fmt.Errorf("%w: %d bytes, at most %d (%d MB)", ErrImageTooLarge, len(b), MaxImageBytes, MaxImageBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	switch {
	case errors.Is(err, image.ErrFormat):
		return nil, "", fmt.Errorf("%w: %s", ErrNotImage, sniff(b))
	case err != nil:
		return nil, "", fmt.Errorf("%w: the %s header is damaged: %v", ErrNotImage, formatName(format), err)
	case format != "png" && format != "jpeg" && format != "gif":
		return nil, "", fmt.Errorf("%w: %s images are not supported; save it as PNG or JPEG", ErrNotImage, format)
	case cfg.Width <= 0 || cfg.Height <= 0:
		return nil, "", fmt.Errorf("%w: the %s is %d×%d px", ErrNotImage, formatName(format), cfg.Width, cfg.Height)
	case cfg.Width > MaxImageSide || cfg.Height > MaxImageSide:
		return nil, "", fmt.Errorf("%w: the %s is %d×%d px, at most %d×%d", ErrImageTooLarge, formatName(format), cfg.Width, cfg.Height, MaxImageSide, MaxImageSide)
	}
	m, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("%w: the %s data is damaged: %v", ErrNotImage, formatName(format), err)
	}
	return m, format, nil
}

func formatName(format string) string {
	switch format {
	case "png", "gif":
		return strings.ToUpper(format)
	case "jpeg":
		return "JPEG"
	case "":
		return "image"
	}
	return format + " image"
}

// sniff says what data that is no image looks like: most often an error reply or a page
// served instead of the image.
func sniff(b []byte) string {
	t := bytes.TrimLeft(b, " \t\r\n\ufeff")
	switch {
	case len(t) > 0 && (t[0] == '{' || t[0] == '['):
		return "it looks like JSON (an error reply instead of the image?)"
	case len(t) > 0 && t[0] == '<':
		return "it looks like HTML or XML (an error or login page instead of the image?)"
	}
	return fmt.Sprintf("it starts with % x", b[:min(len(b), 8)])
}

// readCode tries the decoder's strategies in turn. gozxing is a port of Java code that
// indexes arrays freely; a panic on a hostile image becomes an error.
func readCode(m image.Image, format string) (text string, err error) {
	size := fmt.Sprintf("%d×%d %s", m.Bounds().Dx(), m.Bounds().Dy(), formatName(format))
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("%w in the %s: the decoder failed (%v)", ErrNoCode, size, r)
		}
	}()
	src := gozxing.NewLuminanceSourceFromImage(m) // the costly part: once for every attempt
	attempts := []struct {
		binarizer func(gozxing.LuminanceSource) gozxing.Binarizer
		hint      gozxing.DecodeHintType
	}{
		{gozxing.NewHybridBinarizer, gozxing.DecodeHintType_TRY_HARDER},
		// a generated code, crisp and alone: the finder-pattern search can miss it at some
		// scales (see qr_test.go), reading it as a bare code does not
		{gozxing.NewHybridBinarizer, gozxing.DecodeHintType_PURE_BARCODE},
		{gozxing.NewGlobalHistgramBinarizer, gozxing.DecodeHintType_TRY_HARDER},
	}
	seen := false // something like a code was located, but its data did not check out
	for _, a := range attempts {
		bmp, err := gozxing.NewBinaryBitmap(a.binarizer(src))
		if err != nil {
			return "", fmt.Errorf("%w in the %s: %v", ErrNoCode, size, err)
		}
		res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{a.hint: true})
		if err == nil {
			return res.GetText(), nil
		}
		var nf gozxing.NotFoundException
		if !errors.As(err, &nf) {
			seen = true
		}
	}
	if seen {
		return "", fmt.Errorf("%w in the %s: something like one is there, but its data does not check out (blurred, damaged or covered too much); use a sharper image", ErrNoCode, size)
	}
	return "", fmt.Errorf("%w in the %s: crop the image to the code, or use a sharper one", ErrNoCode, size)
}
