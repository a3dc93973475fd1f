package customers_test

import (
	"errors"
	"testing"

	"wecomdev/internal/customers"
)

// FuzzNormalizeMobile: NormalizeMobile never panics; what it returns is 5 to 20 ASCII
// digits that normalise to themselves; what it refuses is ErrInvalid.
func FuzzNormalizeMobile(f *testing.F) {
	for _, s := range []string{
		"13800000001", "+86 138-0000-0001", "0086 13800000001", "8613800000001",
		"021-55550000", "(021) 5555 0000", "+86 21 5555 0000", "+86 (0)21 5555 0000",
		"+1 415 555 0100", "（021）5555－0000", "+8600 8613800000001", "+0086 0086 21",
		"abc", "", "+", "++1", "１３８", "\xff\xfe", "10086",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := customers.NormalizeMobile(s)
		if err != nil {
			if !errors.Is(err, customers.ErrInvalid) || got != "" {
				t.Fatalf("NormalizeMobile(%q) = %q, %v: a refusal must be \"\" and ErrInvalid", s, got, err)
			}
			return
		}
		if len(got) < 5 || len(got) > 20 {
			t.Fatalf("NormalizeMobile(%q) = %q: %d digits", s, got, len(got))
		}
		for i := 0; i < len(got); i++ {
			if got[i] < '0' || got[i] > '9' {
				t.Fatalf("NormalizeMobile(%q) = %q: not only digits", s, got)
			}
		}
		again, err := customers.NormalizeMobile(got)
		if err != nil || again != got {
			t.Fatalf("NormalizeMobile(%q) = %q, but NormalizeMobile(%q) = %q, %v", s, got, got, again, err)
		}
	})
}
