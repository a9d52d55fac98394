#!/bin/sh
# preload.sh MODULE - the C list of the libraries the repository module
# MODULE brings (the dynamic linker's list, ldd), leaf first, for
# src/cli/store_module.c to load one by one before the module: the
# Makefile writes it to $(BUILD)/store-preload.h.
#
# Why: loaded as one group under the module, every symbol a library binds
# is looked up through the whole group, in load order (the module, libgit2,
# Kerberos, mbedTLS, ..., libcrypto last), and Debian's libraries are
# linked -z now, so each binds all its symbols at load: libcrypto's 3 400
# references to its own functions each searched about 20 libraries before
# reaching it, a quarter of a commit's instructions. A library loaded on
# its own, its dependencies loaded before it, searches only the program's
# libraries and its own. Same libraries, same definitions found.
#
# Left out: the C library and the dynamic linker (the program has them);
# every library that defines or imports a symbol the module defines, and
# every library that needs one of those: they bind that symbol to the
# module's definition only when loaded with it (libgit2's calls, and
# mbedTLS's own, to the certificate parse and libssh2_init go to the
# module's stand-ins, src/storemod/tls.c). Prints an empty list when ldd
# or nm are missing or say nothing: the module then loads as one group,
# as before.
set -u
mod=$1
tmp=${TMPDIR:-/tmp}/pact-preload-$$
trap 'rm -f "$tmp".*' EXIT INT TERM

nm -D --defined-only "$mod" 2>/dev/null | awk 'NF == 3 { sub(/@.*/, "", $3); print $3 }' |
	sort -u > "$tmp.defs"
# one line a library, in the dynamic linker's order:
# NAME TAINTED NEEDED... (TAINTED: defines or imports one of the module's)
ldd "$mod" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' |
	while read -r name path; do
		nm -D "$path" 2>/dev/null | awk '{ sub(/@.*/, "", $NF); print $NF }' |
			sort -u > "$tmp.syms"
		t=0
		[ -n "$(comm -12 "$tmp.defs" "$tmp.syms")" ] && t=1
		echo "$name $t $(readelf -d "$path" 2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
	done > "$tmp.libs"
echo "/* made by src/storemod/preload.sh from $mod: leaf first */"
printf '#define PACT_STORE_PRELOAD'
awk '{ name[NR] = $1; bad[$1] = $2; line[NR] = $0 }
END {
	do { # a library needing a tainted one is tainted
		more = 0
		for (i = 1; i <= NR; i++) {
			n = split(line[i], f, " ")
			for (j = 3; j <= n; j++)
				if (bad[f[j]] && !bad[name[i]]) { bad[name[i]] = 1; more = 1 }
		}
	} while (more)
	for (i = NR; i > 0; i--)
		if (!bad[name[i]] && name[i] !~ /^(libc\.so\.|ld-linux)/)
			printf " \"%s\",", name[i]
}' "$tmp.libs"
echo
