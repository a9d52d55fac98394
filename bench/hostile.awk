# hostile.awk - pairs of pacts within the document limits whose word diff is
# costly, for bench/hostile.sh and the sizing of the word diff's budget
# (src/textdiff_internal.h, PACT_TEXTDIFF_BUDGET).
#
#   awk -v shape=SHAPE -v dir=DIR [-v n=PAIRS] [-v kb=KB] [-v seed=S] -f bench/hostile.awk
#
# writes DIR/2023.yaml and DIR/2024.yaml: n clauses (default 60) of one
# commitment of about kb KB (default 250, under the 256 KB string limit),
# so 15 MB a side by default, under the 16 MiB document limit. Shapes:
#   binary     two words in random order, independently on each side
#   sprinkle   one word repeated, 5% another at random places on each side
#   shuffled   100 words; B is A's words in another order
#   alternate  "thi đua thi đua ..." against "thi thi đua đua ..."
#   scattered  100 words; B is A with 1% of them replaced, deleted or
#              inserted at random places (the common real case: stays exact)
#   vi         scattered, with every other word of B spelt in NFD (the
#              decomposed marks of khỏe, thưởng, ...; the diff equates them)
# POSIX awk only (bench may run without python).
function pick(   ) { return V[int(rand() * NV) + 1] }
function header(f, year) {
	printf "schema: pact/1\nyear: %d\ntitle: \"Bản giao ước thi đua năm %d\"\n", year, year > f
	printf "bloc: \"Khối thi đua số 2\"\nprovince: \"Bắc Giang\"\n" > f
	printf "signed:\n  place: \"Bắc Giang\"\n  date: %d-03-14\n", year > f
	printf "members:\n  - id: so-y-te\n    name: \"Sở Y tế\"\n" > f
	printf "preamble: \"Các cơ quan thống nhất ký giao ước năm %d.\"\nclauses:\n", year > f
}
# clause i with one commitment, the words X[1..m] (one printf a word:
# joining 50 000 words into one string first is quadratic in awk)
function clause(f, i, X, m,   k) {
	printf "  - id: c%d\n    number: %d\n    commitments:\n      - \"%s", i, i, X[1] > f
	for (k = 2; k <= m; k++)
		printf " %s", X[k] > f
	printf "\"\n" > f
}
# A[1..m] <- m words of the shape's side A; returns m
function side_a(   m, k, bytes) {
	m = 0
	bytes = 0
	while (bytes < kb * 1024) {
		if (shape == "binary")
			w = rand() < 0.5 ? "thi" : "đua"
		else if (shape == "sprinkle")
			w = rand() < 0.05 ? "thi" : "đua"
		else if (shape == "alternate")
			w = m % 2 ? "đua" : "thi"
		else
			w = pick()
		A[++m] = w
		bytes += length(w) + 1 # characters, not bytes: the text stays under the limit
	}
	return m
}
# B[1..] from A[1..m]; returns its length
function side_b(m,   k, j, t, nb, r) {
	if (shape == "binary" || shape == "sprinkle") {
		for (k = 1; k <= m; k++)
			B[k] = shape == "binary" ? (rand() < 0.5 ? "thi" : "đua") : (rand() < 0.05 ? "thi" : "đua")
		return m
	}
	if (shape == "alternate") {
		for (k = 1; k <= m; k++)
			B[k] = (k - 1) % 4 < 2 ? "thi" : "đua"
		return m
	}
	if (shape == "shuffled") {
		for (k = 1; k <= m; k++)
			B[k] = A[k]
		for (k = m; k > 1; k--) {
			j = int(rand() * k) + 1
			t = B[k]; B[k] = B[j]; B[j] = t
		}
		return m
	}
	# scattered, vi: 1% of the words edited
	nb = 0
	for (k = 1; k <= m; k++) {
		if (rand() >= 0.01) {
			B[++nb] = A[k]
			continue
		}
		r = rand()
		if (r < 0.4)
			B[++nb] = pick()
		else if (r < 0.7) {
			B[++nb] = A[k]
			B[++nb] = pick()
		}
	}
	if (shape == "vi")
		for (k = 2; k <= nb; k += 2)
			if (B[k] in NFD)
				B[k] = NFD[B[k]]
	return nb
}
BEGIN {
	if (n == "") n = 60
	if (kb == "") kb = 250
	if (seed == "") seed = 1
	if (shape !~ /^(binary|sprinkle|shuffled|alternate|scattered|vi)$/) {
		print "hostile.awk: unknown shape '" shape "'" > "/dev/stderr"
		exit 2
	}
	if (shape == "vi") kb = kb * 4 / 5 # NFD spellings are longer
	NV = split("thi đua khen thưởng cán bộ công chức viên chức người lao động phát triển " \
	    "kinh tế xã hội văn hóa giáo dục đào tạo y tế chăm sóc sức khỏe nhân dân tỉnh huyện " \
	    "cơ quan đơn vị nhiệm vụ chỉ tiêu kế hoạch chương trình đề án thực hiện triển khai " \
	    "nâng cao chất lượng hiệu quả đẩy mạnh tăng cường tiếp tục đổi mới sáng tạo chuyển " \
	    "số cải cách hành chính quyền điện tử minh bạch trách nhiệm đứng đầu phối hợp " \
	    "đoàn kết đồng thuận an sinh giảm nghèo bền vững môi trường nông thôn mới", V, " ")
	# NFD spellings (base letter + combining marks) of a few NFC words above
	NFD["khỏe"] = "kho\314\211e"
	NFD["thưởng"] = "thu\314\233o\314\211ng"
	NFD["chức"] = "chu\314\233\314\201c"
	NFD["động"] = "đo\314\202\314\243ng"
	NFD["hóa"] = "ho\314\201a"
	NFD["tế"] = "te\314\202\314\201"
	NFD["mới"] = "mo\314\233\314\201i"
	srand(seed)
	old = dir "/2023.yaml"
	new = dir "/2024.yaml"
	header(old, 2023)
	header(new, 2024)
	for (i = 1; i <= n; i++) {
		m = side_a()
		nb = side_b(m)
		clause(old, i, A, m)
		clause(new, i, B, nb)
	}
	printf "closing: \"Trên đây là bản giao ước năm 2023.\"\n" > old
	printf "closing: \"Trên đây là bản giao ước năm 2024.\"\n" > new
}
