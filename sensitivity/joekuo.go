package sensitivity

// joeKuoRow holds the initialisation of one Sobol dimension: the degree s of
// its primitive polynomial over GF(2), the polynomial's inner coefficients a
// (the bits of a, most significant first, are the coefficients of
// x^(s-1), ..., x^1; the leading x^s and constant 1 terms are implicit), and
// the initial direction numbers m_1, ..., m_s (m_j odd and below 2^j).
type joeKuoRow struct {
	s, a uint32
	m    []uint32
}

// joeKuo is the table of direction numbers of Joe and Kuo (2008), set
// "new-joe-kuo-6.21201", for dimensions 2 to 53. Dimension 1 is the van der
// Corput sequence in base 2 and needs no entry. The values are the published
// ones; the package tests check that every polynomial is primitive and that
// every m_j is odd and below 2^j.
//
// S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654.
var joeKuo = [...]joeKuoRow{
	{1, 0, []uint32{1}},                              // dimension 2
	{2, 1, []uint32{1, 3}},                           // dimension 3
	{3, 1, []uint32{1, 3, 1}},                        // dimension 4
	{3, 2, []uint32{1, 1, 1}},                        // dimension 5
	{4, 1, []uint32{1, 1, 3, 3}},                     // dimension 6
	{4, 4, []uint32{1, 3, 5, 13}},                    // dimension 7
	{5, 2, []uint32{1, 1, 5, 5, 17}},                 // dimension 8
	{5, 4, []uint32{1, 1, 5, 5, 5}},                  // dimension 9
	{5, 7, []uint32{1, 1, 7, 11, 19}},                // dimension 10
	{5, 11, []uint32{1, 1, 5, 1, 1}},                 // dimension 11
	{5, 13, []uint32{1, 1, 1, 3, 11}},                // dimension 12
	{5, 14, []uint32{1, 3, 5, 5, 31}},                // dimension 13
	{6, 1, []uint32{1, 3, 3, 9, 7, 49}},              // dimension 14
	{6, 13, []uint32{1, 1, 1, 15, 21, 21}},           // dimension 15
	{6, 16, []uint32{1, 3, 1, 13, 27, 49}},           // dimension 16
	{6, 19, []uint32{1, 1, 1, 15, 7, 5}},             // dimension 17
	{6, 22, []uint32{1, 3, 1, 15, 13, 25}},           // dimension 18
	{6, 25, []uint32{1, 1, 5, 5, 19, 61}},            // dimension 19
	{7, 1, []uint32{1, 3, 7, 11, 23, 15, 103}},       // dimension 20
	{7, 4, []uint32{1, 3, 7, 13, 13, 15, 69}},        // dimension 21
	{7, 7, []uint32{1, 1, 3, 13, 7, 35, 63}},         // dimension 22
	{7, 8, []uint32{1, 3, 5, 9, 1, 25, 53}},          // dimension 23
	{7, 14, []uint32{1, 3, 1, 13, 9, 35, 107}},       // dimension 24
	{7, 19, []uint32{1, 3, 1, 5, 27, 61, 31}},        // dimension 25
	{7, 21, []uint32{1, 1, 5, 11, 19, 41, 61}},       // dimension 26
	{7, 28, []uint32{1, 3, 5, 3, 3, 13, 69}},         // dimension 27
	{7, 31, []uint32{1, 1, 7, 13, 1, 19, 1}},         // dimension 28
	{7, 32, []uint32{1, 3, 7, 5, 13, 19, 59}},        // dimension 29
	{7, 37, []uint32{1, 1, 3, 9, 25, 29, 41}},        // dimension 30
	{7, 41, []uint32{1, 3, 5, 13, 23, 1, 55}},        // dimension 31
	{7, 42, []uint32{1, 3, 7, 3, 13, 59, 17}},        // dimension 32
	{7, 50, []uint32{1, 3, 1, 3, 5, 53, 69}},         // dimension 33
	{7, 55, []uint32{1, 1, 5, 5, 23, 33, 13}},        // dimension 34
	{7, 56, []uint32{1, 1, 7, 7, 1, 61, 123}},        // dimension 35
	{7, 59, []uint32{1, 1, 7, 9, 13, 61, 49}},        // dimension 36
	{7, 62, []uint32{1, 3, 3, 5, 3, 55, 33}},         // dimension 37
	{8, 14, []uint32{1, 3, 1, 15, 31, 13, 49, 245}},  // dimension 38
	{8, 21, []uint32{1, 3, 5, 15, 31, 59, 63, 97}},   // dimension 39
	{8, 22, []uint32{1, 3, 1, 11, 11, 11, 77, 249}},  // dimension 40
	{8, 38, []uint32{1, 3, 1, 11, 27, 43, 71, 9}},    // dimension 41
	{8, 47, []uint32{1, 1, 7, 15, 21, 11, 81, 45}},   // dimension 42
	{8, 49, []uint32{1, 3, 7, 3, 25, 31, 65, 79}},    // dimension 43
	{8, 50, []uint32{1, 3, 1, 1, 19, 11, 3, 205}},    // dimension 44
	{8, 52, []uint32{1, 1, 5, 9, 19, 21, 29, 157}},   // dimension 45
	{8, 56, []uint32{1, 3, 7, 11, 1, 33, 89, 185}},   // dimension 46
	{8, 67, []uint32{1, 3, 3, 3, 15, 9, 79, 71}},     // dimension 47
	{8, 70, []uint32{1, 3, 7, 11, 15, 39, 119, 27}},  // dimension 48
	{8, 84, []uint32{1, 1, 3, 1, 11, 31, 97, 225}},   // dimension 49
	{8, 97, []uint32{1, 1, 1, 3, 23, 43, 57, 177}},   // dimension 50
	{8, 103, []uint32{1, 3, 7, 7, 17, 17, 37, 71}},   // dimension 51
	{8, 115, []uint32{1, 3, 1, 5, 27, 63, 123, 213}}, // dimension 52
	{8, 122, []uint32{1, 1, 3, 5, 11, 43, 53, 133}},  // dimension 53
}
