package app

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
)

// dataURL is an image as a data: URL for an <img> (PNG, or JPEG by its signature).
func dataURL(img []byte) string {
	mime := "image/png"
	if isJPEG(img) {
		mime = "image/jpeg"
	}
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(img)
}

// isJPEG tells a JPEG (WeCom may serve its QR images so) by its signature.
func isJPEG(img []byte) bool { return bytes.HasPrefix(img, []byte{0xff, 0xd8}) }

// downloadsDir is where saveDownload writes: the user's Downloads folder, home when there is none.
func downloadsDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(home, "Downloads")
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		dir = home
	}
	return dir, nil
}

// saveDownload writes data to downloadsDir.
func saveDownload(name string, data []byte) (string, error) {
	dir, err := downloadsDir()
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return "", err
	}
	return path, nil
}
