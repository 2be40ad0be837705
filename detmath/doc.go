// Package detmath is the project's own floating-point mathematics, written
// so that every build gives the same bits: every product that feeds a sum
// is rounded on its own (float64(a*b) + c), so that no compiler can fuse it
// into one multiply-add, and nothing depends on assembly chosen by the CPU
// at run time. The standard library's math.Exp, math.Log, math.Pow and
// friends, and gonum's statistics, give different last digits on amd64
// builds with GOAMD64=v1 and v3 and on arm64; the results of the model
// reach files through these functions instead.
//
// Exact operations (math.Sqrt, math.Floor, math.Ceil, math.Trunc,
// math.Round, math.Abs, math.Min, math.Max, math.Ldexp, math.Frexp,
// math.Pow10) are correctly rounded everywhere and stay in package math.
//
// The algorithms are the classic ones: argument reduction by a multiple of
// ln 2 and a minimax polynomial (the fdlibm approach) for Exp and Log,
// Stirling's series for LogGamma, Wichura's rational approximations
// (algorithm AS 241, 1988) for the normal quantile, and Lentz's continued
// fraction for the regularised incomplete beta function.
package detmath
