package main

import "testing"

// neighbours.md writes a change in cost with its sign before the pound
// sign, as the other tables write money.
func TestThousandPounds(t *testing.T) {
	for v, want := range map[float64]string{605400: "+£605k", -12499: "-£12k", 400: "£0k", -400: "£0k", 0: "£0k", 1.5e6: "+£1,500k"} {
		if got := thousandPounds(v); got != want {
			t.Errorf("thousandPounds(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestSignedTenth(t *testing.T) {
	for v, want := range map[float64]string{1.25: "+1.2", -0.04: "0.0", 0.04: "0.0", -2: "-2.0", 0: "0.0"} {
		if got := signedTenth(v); got != want {
			t.Errorf("signedTenth(%g) = %q, want %q", v, got, want)
		}
	}
}
