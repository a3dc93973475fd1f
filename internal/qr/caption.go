package qr

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	imgdraw "image/draw"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Captions: a white band under the code with one or two centred lines of black text, such
// as a join-way code's state (渠道参数, at most 30 characters: 订单-1024, test-001).
//
// The text is size/14 px high (at least 14 px); a caption too wide for the code shrinks, or
// goes on two lines when one would shrink it below 3/4 of that height; it is never cut.
// A rune that neither Go Regular nor the system's CJK font has is drawn as an empty box, so
// that the loss shows; MissingGlyphs tells which runes those are before drawing.
const (
	MaxCaptionRunes = 40  // longest caption accepted, in characters
	MinCaptionWidth = 256 // CaptionImage scales narrower images up to at least this width
)

// ErrCaption says the caption itself cannot be drawn (empty, not text, too long); a caption
// too wide for the size asked gets ErrTooSmall.
var ErrCaption = errors.New("caption cannot be drawn")

const (
	minCaptionPx = 14 // text height when nothing has to shrink, for the smallest codes
	minShrunkPx  = 11 // a long caption shrinks to this height at most, then it is refused
)

// PNGWithCaption draws the QR code of text as PNG does (size 0: DefaultSize; size is the
// code's width and height) with caption printed in a white band under it. The PNG is size
// wide and taller than size by the band. Errors wrap those of PNG, ErrCaption, or
// ErrTooSmall when the caption does not fit in size even on two lines.
func PNGWithCaption(text, caption string, size int) ([]byte, error) {
	code, err := codeImage(text, size)
	if err != nil {
		return nil, err
	}
	ct, err := parseCaption(caption)
	if err != nil {
		return nil, err
	}
	w := code.Rect.Dx()
	band, err := ct.band(w)
	if err != nil {
		return nil, err
	}
	img := image.NewGray(image.Rect(0, 0, w, w+band.Rect.Dy()))
	for i, c := range code.Pix { // the same stride: one byte a pixel, w a row
		if c == 0 { // the light colour's index
			img.Pix[i] = 0xff
		}
	}
	copy(img.Pix[len(code.Pix):], band.Pix)
	return encodePNG(img)
}

// CaptionImage returns a PNG of the PNG, JPEG or GIF image img (a code as WeCom serves it)
// with caption printed in a white band under it. An image narrower than MinCaptionWidth is
// first scaled up by a whole factor, pixel for pixel, so that the modules stay crisp; a
// transparent background becomes white. Errors wrap those of Decode's image checks
// (ErrNotImage, ErrImageTooLarge) or ErrCaption.
func CaptionImage(img []byte, caption string) ([]byte, error) {
	ct, err := parseCaption(caption)
	if err != nil {
		return nil, err
	}
	src, _, err := decodeImage(img)
	if err != nil {
		return nil, err
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	k := max(1, (MinCaptionWidth+w-1)/w)
	var band *image.Gray
	for {
		band, err = ct.band(w * k)
		if err == nil {
			break
		}
		if !errors.Is(err, ErrTooSmall) || w*(k+1) > MaxImageSide {
			return nil, err
		}
		k++ // a long caption on a narrow image: scale it up further rather than refuse
	}

	one := image.NewRGBA(image.Rect(0, 0, w, h))
	imgdraw.Draw(one, one.Rect, image.White, image.Point{}, imgdraw.Src)
	imgdraw.Draw(one, one.Rect, src, src.Bounds().Min, imgdraw.Over)
	out := image.NewRGBA(image.Rect(0, 0, w*k, h*k+band.Rect.Dy()))
	for y := range h { // nearest neighbour, k×k pixels for each
		row := out.Pix[y*k*out.Stride : y*k*out.Stride+w*k*4]
		for x := range w {
			px := one.Pix[y*one.Stride+x*4 : y*one.Stride+x*4+4]
			for i := range k {
				copy(row[(x*k+i)*4:], px)
			}
		}
		for i := 1; i < k; i++ {
			copy(out.Pix[(y*k+i)*out.Stride:], row)
		}
	}
	for y := range band.Rect.Dy() {
		for x := range band.Rect.Dx() {
			v := band.Pix[y*band.Stride+x]
			i := out.PixOffset(x, h*k+y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = v, v, v, 0xff
		}
	}
	return encodePNG(grayIfGray(out))
}

// grayIfGray returns an opaque image as *image.Gray when all its pixels are grey (WeCom's
// codes are, but for a logo): the PNG is smaller.
func grayIfGray(m *image.RGBA) image.Image {
	for i := 0; i < len(m.Pix); i += 4 {
		if m.Pix[i] != m.Pix[i+1] || m.Pix[i] != m.Pix[i+2] {
			return m
		}
	}
	g := image.NewGray(m.Rect)
	for i := range g.Pix {
		g.Pix[i] = m.Pix[4*i]
	}
	return g
}

// MissingGlyphs returns the runes of caption, each once, that no font has (neither Go
// Regular nor the system's CJK font), and that a caption would show as empty boxes; nil when
// every rune can be drawn. Without a CJK font on the system (on Linux: fonts-noto-cjk),
// that is every Chinese character.
func MissingGlyphs(caption string) []rune {
	var rs []rune
	for _, r := range caption {
		if !ignorable(r) && !unicode.IsControl(r) {
			rs = append(rs, r)
		}
	}
	gf, err := goFont()
	if err != nil { // cannot happen: Go Regular is compiled in
		return rs
	}
	kinds, _ := classify(gf, rs)
	var missing []rune
	for i, r := range rs {
		if kinds[i] == kindBox && !strings.ContainsRune(string(missing), r) {
			missing = append(missing, r)
		}
	}
	return missing
}

type glyphKind uint8

const (
	kindGo  glyphKind = iota // in Go Regular
	kindCJK                  // in the system's CJK font
	kindBox                  // in neither: drawn as an empty box
)

// captionText is a caption checked and ready to lay out: its runes and the font of each.
type captionText struct {
	runes  []rune
	kinds  []glyphKind
	goFont *sfnt.Font
	cjk    *sfnt.Font // nil when no rune needs it
}

// ignorable runes are invisible ones a pasted label may hold: zero-width spaces and joiners,
// byte order marks, variation selectors. They are not drawn.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}

func parseCaption(caption string) (*captionText, error) {
	if !utf8.ValidString(caption) {
		return nil, fmt.Errorf("%w: the caption is not valid UTF-8", ErrCaption)
	}
	if n := utf8.RuneCountInString(caption); n > MaxCaptionRunes {
		return nil, fmt.Errorf("%w: %d characters, at most %d", ErrCaption, n, MaxCaptionRunes)
	}
	var rs []rune
	for _, r := range strings.TrimSpace(caption) {
		switch {
		case ignorable(r):
			continue
		case unicode.IsControl(r):
			return nil, fmt.Errorf("%w: it holds the control character %U; give one line of text", ErrCaption, r)
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("%w: the caption is empty (PNG draws a code without one)", ErrCaption)
	}
	gf, err := goFont()
	if err != nil {
		return nil, fmt.Errorf("parse the Go font: %w", err)
	}
	kinds, cjk := classify(gf, rs)
	return &captionText{runes: rs, kinds: kinds, goFont: gf, cjk: cjk}, nil
}

// classify finds the font of each rune: Go Regular, else the system's CJK font, read only if
// some rune needs it, else none. cjk is nil when no rune is drawn in it.
func classify(gf *sfnt.Font, rs []rune) (kinds []glyphKind, cjk *sfnt.Font) {
	var buf sfnt.Buffer
	has := func(f *sfnt.Font, r rune) bool {
		x, err := f.GlyphIndex(&buf, r)
		return err == nil && x != 0
	}
	kinds = make([]glyphKind, len(rs))
	for i, r := range rs {
		if has(gf, r) {
			continue
		}
		kinds[i] = kindBox
		if sf := cjkFont(); sf != nil && has(sf.font, r) {
			kinds[i], cjk = kindCJK, sf.font
		}
	}
	return kinds, cjk
}

// faces are the caption's fonts at one height; a font.Face is for one goroutine.
type faces struct {
	px              int
	goFace, cjkFace font.Face
}

func (ct *captionText) faces(px int) faces {
	opts := &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingNone} // 72 dpi: 1 pt = 1 px
	f := faces{px: px}
	f.goFace, _ = opentype.NewFace(ct.goFont, opts) // NewFace returns no error
	if ct.cjk != nil {
		f.cjkFace, _ = opentype.NewFace(ct.cjk, opts)
	}
	return f
}

func (f faces) face(k glyphKind) font.Face {
	if k == kindCJK {
		return f.cjkFace
	}
	return f.goFace
}

func boxAdvance(px int) fixed.Int26_6 { return fixed.I(px) * 4 / 5 }

func (ct *captionText) advance(f faces, i int) fixed.Int26_6 {
	if ct.kinds[i] == kindBox {
		return boxAdvance(f.px)
	}
	a, _ := f.face(ct.kinds[i]).GlyphAdvance(ct.runes[i])
	return a
}

// span is a line: the runes [0] to [1].
type span [2]int

func (ct *captionText) width(f faces, s span) fixed.Int26_6 {
	var w fixed.Int26_6
	for i := s[0]; i < s[1]; i++ {
		w += ct.advance(f, i)
	}
	return w
}

func (ct *captionText) widest(lines []span, px int) fixed.Int26_6 {
	f := ct.faces(px)
	var w fixed.Int26_6
	for _, s := range lines {
		w = max(w, ct.width(f, s))
	}
	return w
}

// bandMargin is the light margin left and right of the caption in an image w px wide.
func bandMargin(w int) int { return max(4, w/32) }

// layout chooses the lines and the text height for a band w px wide.
func (ct *captionText) layout(w int) (lines []span, px int, err error) {
	full := max(minCaptionPx, w/14)
	avail := fixed.I(w - 2*bandMargin(w))
	lines = []span{{0, len(ct.runes)}}
	px = ct.fit(lines, full, avail)
	if 4*px < 3*full {
		if two := ct.split(full); two != nil {
			if px2 := ct.fit(two, full, avail); px2 > px {
				lines, px = two, px2
			}
		}
	}
	if px < minShrunkPx {
		need := ct.widest(lines, minShrunkPx)
		n := w
		for fixed.I(n-2*bandMargin(n)) < need {
			n++
		}
		return nil, 0, fmt.Errorf("%w: the caption %q needs an image at least %d px wide", ErrTooSmall, string(ct.runes), n)
	}
	return lines, px, nil
}

// fit returns the largest text height up to full at which lines fit in avail.
func (ct *captionText) fit(lines []span, full int, avail fixed.Int26_6) int {
	w := ct.widest(lines, full)
	if w <= avail {
		return full
	}
	px := int(int64(full) * int64(avail) / int64(w)) // widths grow in proportion, unhinted
	for px > 0 && ct.widest(lines, px) > avail {
		px--
	}
	return px
}

// split cuts the caption in two lines of about the same width, at a space, a dash or a
// separator when that costs little, else anywhere (Chinese breaks between any characters).
// Nil for a single character.
func (ct *captionText) split(px int) []span {
	f := ct.faces(px)
	n := len(ct.runes)
	at := make([]fixed.Int26_6, n+1) // at[i]: width of runes[:i]
	for i := range n {
		at[i+1] = at[i] + ct.advance(f, i)
	}
	var best, nice []span
	var bestW, niceW fixed.Int26_6
	for i := 1; i < n; i++ {
		a, b := i, i
		for a > 0 && ct.runes[a-1] == ' ' {
			a--
		}
		for b < n && ct.runes[b] == ' ' {
			b++
		}
		if a == 0 || b == n {
			continue
		}
		w := max(at[a], at[n]-at[b])
		lines := []span{{0, a}, {b, n}}
		if best == nil || w < bestW {
			best, bestW = lines, w
		}
		if (a < b || strings.ContainsRune("-_/|·,;:，、；：", ct.runes[i-1])) && (nice == nil || w < niceW) {
			nice, niceW = lines, w
		}
	}
	if nice != nil && niceW <= bestW*11/10 {
		return nice
	}
	return best
}

// band draws the caption, centred, in a white band w px wide.
func (ct *captionText) band(w int) (*image.Gray, error) {
	lines, px, err := ct.layout(w)
	if err != nil {
		return nil, err
	}
	f := ct.faces(px)
	// Baselines 1.3 px apart; above the first and below the last, room for a capital or an
	// ideograph and a descender, so that bands come out the same height for most captions,
	// or more if some glyph reaches further: nothing is cut.
	ascent, descent := fixed.I(px)*9/10, fixed.I(px)/4
	for _, s := range lines {
		for i := s[0]; i < s[1]; i++ {
			if ct.kinds[i] == kindBox {
				continue // boxes are within 0.75 px above the baseline
			}
			b, _, _ := f.face(ct.kinds[i]).GlyphBounds(ct.runes[i])
			ascent, descent = max(ascent, -b.Min.Y), max(descent, b.Max.Y)
		}
	}
	lineH := fixed.I(px) * 13 / 10
	top, bottom := max(2, px/4), max(4, px/2) // the code's quiet zone is above
	h := top + (ascent + lineH*fixed.Int26_6(len(lines)-1) + descent).Ceil() + bottom
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for l, s := range lines {
		dot := fixed.Point26_6{
			X: (fixed.I(w) - ct.width(f, s)) / 2,
			Y: fixed.I(top) + ascent + lineH*fixed.Int26_6(l),
		}
		for i := s[0]; i < s[1]; i++ {
			if ct.kinds[i] == kindBox {
				drawBox(img, dot, px)
				dot.X += boxAdvance(px)
				continue
			}
			dr, mask, mp, adv, ok := f.face(ct.kinds[i]).Glyph(dot, ct.runes[i])
			if ok {
				darken(img, dr, mask, mp)
			}
			dot.X += adv
		}
	}
	return img, nil
}

// darken draws black through a glyph's coverage mask onto a light image.
func darken(dst *image.Gray, dr image.Rectangle, mask image.Image, mp image.Point) {
	r := dr.Intersect(dst.Rect)
	am, _ := mask.(*image.Alpha) // what opentype's faces return
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			mx, my := mp.X+x-dr.Min.X, mp.Y+y-dr.Min.Y
			var a uint32
			if am != nil {
				a = uint32(am.AlphaAt(mx, my).A)
			} else {
				_, _, _, a16 := mask.At(mx, my).RGBA()
				a = a16 >> 8
			}
			i := dst.PixOffset(x, y)
			dst.Pix[i] = uint8(uint32(dst.Pix[i]) * (255 - a) / 255)
		}
	}
}

// drawBox draws the empty box that stands for a rune no font has: the width of most
// characters, the height of a capital, so that it reads as "a character is missing here".
func drawBox(dst *image.Gray, dot fixed.Point26_6, px int) {
	t := max(1, px/14)
	x0 := dot.X.Round() + px/10
	x1 := x0 + px*6/10
	y1 := dot.Y.Round()
	y0 := y1 - px*3/4
	black := image.NewUniform(color.Gray{})
	for _, r := range []image.Rectangle{
		image.Rect(x0, y0, x1, y0+t), image.Rect(x0, y1-t, x1, y1), // top, bottom
		image.Rect(x0, y0, x0+t, y1), image.Rect(x1-t, y0, x1, y1), // left, right
	} {
		imgdraw.Draw(dst, r.Intersect(dst.Rect), black, image.Point{}, imgdraw.Src)
	}
}
