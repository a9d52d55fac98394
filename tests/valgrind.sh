#!/bin/sh
# valgrind.sh PACT - run the main commands under valgrind (memcheck) on a
# scratch store and fail on any memory error or definite/indirect leak.
# `make valgrind` runs it; CI too. The suppression file covers libgit2
# 1.5.1's own pcre2 leak in git_remote_lookup (not ours).
set -eu
PACT=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/pact-vg-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
export HOME="$T" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8
export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL=officer@example.vn
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL=officer@example.vn

fails=0
vg() { # expected-status args...
	want=$1
	shift
	set +e
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 \
		--suppressions="$SRC/tests/valgrind.supp" "$PACT" "$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	if [ "$got" -ne "$want" ]; then
		echo "valgrind: FAIL (exit $got, wanted $want): pact $*" | LC_ALL=C tr '\000-\011\013-\037\177' '?'
		sed 's/^/    /' "$T/err" | head -40
		fails=$((fails + 1))
	else
		echo "valgrind: ok: pact $*" | LC_ALL=C tr '\000-\011\013-\037\177' '?'
	fi
}

cd "$T"
vg 0 init store
cd store
vg 0 validate "$SRC/pacts/2023.yaml" "$SRC/pacts/2024.yaml"
vg 1 validate "$SRC/tests/data/invalid/several-errors.yaml" "$SRC/tests/data/invalid/alias.yaml"
vg 0 commit "$SRC/pacts/2023.yaml" "$SRC/pacts/2024.yaml" -m "2023, 2024"
vg 0 show 2024 --format=json
vg 1 show 2024@nosuchrev
# hostile text quoted in messages (error_format.c), positional arguments
vg 1 show "2024@$(printf 'x\033[2J\342\200\256\302\233')"
printf '"k\\e\\u202e": 1\n' >"$T/hostile.yaml"
vg 1 --lang=vi validate "$T/hostile.yaml"
vg 1 --lang=vi review comment 2099 --clause nope x
for f in text markdown json html; do
	vg 0 diff 2023 2024 --format=$f
done
vg 0 diff 2023 2024 --format=html -U 1 --lang=en
vg 0 diff 2023 2024 --color=always -v
# members merged, renamed and split (formerly:), and the rules' errors
for f in text json html markdown; do
	vg 0 diff "$SRC/tests/data/mergers/2024.yaml" "$SRC/tests/data/mergers/split.yaml" --format=$f
done
vg 1 validate "$SRC/tests/data/invalid/formerly-list.yaml" "$SRC/tests/data/invalid/formerly-claims.yaml"
for f in html markdown; do
	vg 0 show 2024 --format=$f
done
vg 0 log
vg 0 log --clause khen-thuong
vg 0 review open 2025
vg 0 review comment 2025 --clause khen-thuong "Đề nghị bổ sung tiêu chí."
vg 0 review approve 2025 --member so-y-te
vg 0 review status 2025 --format=json
# signed approvals: a key, main trusting it, a signed approval and a
# revocation, the status verifying them (ssh-keygen runs as a child)
ssh-keygen -q -t ed25519 -N '' -C vg -f "$T/key"
git switch -q main
mkdir -p .pact
{ printf 'officer@example.vn '; cat "$T/key.pub"; } >.pact/allowed_signers
git add .pact && git commit -qm 'Trust a key' && git switch -q draft/2025
git config gpg.format ssh && git config user.signingKey "$T/key"
vg 0 review approve 2025 --member bhxh-tinh -S
vg 0 review revoke 2025 --member so-y-te
vg 0 review status 2025
vg 1 review merge 2025
git init -q --bare "$T/hub.git"
vg 0 remote add origin "$T/hub.git"
vg 0 push origin
vg 0 pull origin
vg 0 remote -v
# both sides committed: a clone pushes a change of README.md, this store
# changes it too: the pull refuses and explains (1), then merges (0)
git clone -q -b draft/2025 "$T/hub.git" "$T/other"
(cd "$T/other" && echo hub >>README.md && git commit -qam hub && git push -q origin draft/2025 2>/dev/null)
echo mine >>README.md && git commit -qam mine
vg 1 pull origin
vg 0 --lang=vi pull origin --take-theirs=README.md
# a pre-receive hook's input, read and judged by libpact: deleting main is
# refused (1), a line that is not "OLD NEW REF" is a usage error (2)
printf '%s 0000000000000000000000000000000000000000 refs/heads/main\n' \
	"$(git rev-parse main)" >"$T/updates"
vg 1 hooks pre-receive <"$T/updates"
printf 'not an update\n' >"$T/updates"
vg 2 hooks pre-receive <"$T/updates"
vg 0 hooks install
vg 0 import "$SRC/tests/data/import/seed-2024-ocr.txt" --like 2024 -o "$T/seed.yaml"
vg 0 import "$SRC/tests/data/import/auto-2025.docx" -o "$T/2025.yaml"
vg 0 import "$SRC/tests/data/import/auto-2025.odt"
vg 0 import "$SRC/tests/data/import/pact-2024.pdf" --like 2024 -o "$T/pdf.yaml"
vg 1 import "$SRC/tests/data/import/encrypted.pdf"
vg 1 import "$SRC/pacts/2024.yaml"
vg 0 review import 2025 "$SRC/tests/data/import/typed-2025.docx"
# the hub deletes the review: review pull prunes it and deletes it here too
git -C "$T/hub.git" update-ref -d refs/pact/reviews/2025
vg 0 review pull origin
# a link planted in .git is refused, not followed
ln -s "$T/updates" .git/pact-commit.journal
vg 3 commit "$SRC/pacts/2024.yaml"
rm .git/pact-commit.journal

if [ "$fails" -ne 0 ]; then
	echo "valgrind: $fails command(s) failed"
	exit 1
fi
echo "valgrind: no memory errors or leaks in the commands above"
