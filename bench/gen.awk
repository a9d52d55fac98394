# gen.awk - two generated pacts with known edits, for bench/diff.sh.
#
#   awk -v n=CLAUSES -v seed=S -v dir=DIR -f bench/gen.awk
#
# writes DIR/2023.yaml (n clauses) and DIR/2024.yaml, made from it by these
# edits, each on a fixed share of the clauses so the answer is known:
#   i % 50 == 7    one commitment reworded (three syllables replaced)
#   i % 97 == 3    clause dropped
#   i % 89 == 5    clause moved to the end
#   i % 101 == 9   a new clause added after it
#   i % 211 == 11  clause split into two (second commitment -> new clause)
# Text: commitments of 12-24 syllables drawn from a fixed Vietnamese
# vocabulary, two per clause, so a 10 000-clause pact stays under the
# loader's old 4 MiB limit (3 MB a side). POSIX awk only (bench may run without python).
function word() { return V[int(rand() * NV) + 1] }
function sentence(   k, len, s) {
	len = 12 + int(rand() * 13)
	s = word()
	s = toupper(substr(s, 1, 1)) substr(s, 2)
	for (k = 2; k <= len; k++)
		s = s " " word()
	return s "."
}
function reword(s,   m, w, k, j, out) {
	m = split(s, w, " ")
	j = 2 + int(rand() * (m - 4))
	for (k = j; k < j + 3 && k < m; k++)
		w[k] = word()
	out = w[1]
	for (k = 2; k <= m; k++)
		out = out " " w[k]
	return out
}
function header(f, year) {
	printf "schema: pact/1\nyear: %d\ntitle: \"Bản giao ước thi đua năm %d\"\n", year, year > f
	printf "bloc: \"Khối thi đua số 2\"\nprovince: \"Bắc Giang\"\n" > f
	printf "signed:\n  place: \"Bắc Giang\"\n  date: %d-03-14\n", year > f
	printf "members:\n  - id: so-y-te\n    name: \"Sở Y tế\"\n" > f
	printf "preamble: \"Các cơ quan thành viên thống nhất ký giao ước thi đua năm %d.\"\nclauses:\n", year > f
}
function clause(f, id, num, a, b) {
	printf "  - id: %s\n    number: %d\n    commitments:\n      - \"%s\"\n", id, num, a > f
	if (b != "")
		printf "      - \"%s\"\n", b > f
}
BEGIN {
	NV = split("thi đua khen thưởng cán bộ công chức viên chức người lao động phát triển " \
	    "kinh tế xã hội văn hóa giáo dục đào tạo y tế chăm sóc sức khỏe nhân dân tỉnh huyện " \
	    "cơ quan đơn vị nhiệm vụ chỉ tiêu kế hoạch chương trình đề án thực hiện triển khai " \
	    "nâng cao chất lượng hiệu quả đẩy mạnh tăng cường tiếp tục đổi mới sáng tạo chuyển " \
	    "đổi số cải cách hành chính chính quyền điện tử minh bạch trách nhiệm người đứng đầu " \
	    "phối hợp đoàn kết đồng thuận an sinh giảm nghèo bền vững môi trường nông thôn mới " \
	    "đô thị hạ tầng giao thông đầu tư thu hút doanh nghiệp hợp tác quốc tế đối ngoại " \
	    "quảng bá du lịch thể thao quần chúng thành tích phong trào điển hình tiên tiến " \
	    "gương mẫu học tập làm theo tư tưởng đạo đức phong cách hồ chí minh xây dựng đảng " \
	    "hệ thống chính trị vững mạnh quốc phòng an ninh trật tự phòng chống dịch bệnh " \
	    "thiên tai kịp thời chủ động linh hoạt đồng bộ toàn diện trọng tâm trọng điểm rõ " \
	    "việc rõ thời gian kết quả bảo đảm đúng quy định pháp luật kiểm tra giám sát " \
	    "tuyên truyền phổ biến nhân rộng mô hình sức lan tỏa bồi dưỡng nghiệp vụ đội ngũ " \
	    "khắc phục hạn chế tồn tại vướng mắc tháo gỡ điểm nghẽn nút thắt nguồn nhân lực " \
	    "khoa học công nghệ khởi nghiệp năng suất chất lượng sản phẩm thị trường xuất khẩu", V, " ")
	srand(seed + 0)
	old = dir "/2023.yaml"
	new = dir "/2024.yaml"
	for (i = 1; i <= n; i++) {
		A[i] = sentence()
		B[i] = sentence()
	}
	header(old, 2023)
	for (i = 1; i <= n; i++)
		clause(old, "c" i, i, A[i], B[i])
	printf "closing: \"Trên đây là bản giao ước thi đua năm 2023.\"\n" > old
	close(old)

	header(new, 2024)
	num = 0
	nmoved = 0
	for (i = 1; i <= n; i++) {
		if (i % 97 == 3)
			continue
		if (i % 89 == 5) {
			moved[++nmoved] = i
			continue
		}
		a = A[i]
		if (i % 50 == 7)
			a = reword(a)
		if (i % 211 == 11) {
			clause(new, "c" i, ++num, a, "")
			clause(new, "c" i "-tach", ++num, B[i], "")
		} else {
			clause(new, "c" i, ++num, a, B[i])
		}
		if (i % 101 == 9)
			clause(new, "moi" i, ++num, sentence(), sentence())
	}
	for (k = 1; k <= nmoved; k++)
		clause(new, "c" moved[k], ++num, A[moved[k]], B[moved[k]])
	printf "closing: \"Trên đây là bản giao ước thi đua năm 2024.\"\n" > new
	close(new)
}
