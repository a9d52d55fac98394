#!/bin/sh
# install-deps.sh - install pact's build dependencies from Debian when
# pkg-config cannot find them. Run by `make` (through build/.deps) and by
# .ci/run. Says what it does; never runs apt-get when nothing is missing.
set -eu

pkgs=""
need() { # need PKG-CONFIG-NAME DEBIAN-PACKAGE
	if ! pkg-config --exists "$1" 2>/dev/null; then
		pkgs="$pkgs $2"
	fi
}

if ! command -v pkg-config >/dev/null 2>&1; then
	pkgs="pkg-config"
fi
need libgit2 libgit2-dev
# the pact executable links libgit2.a (libgit2-dev has it) and checks its
# trampolines against the headers of what it loads on first use
# (src/gitlink/): libssh2, MIT Kerberos's GSSAPI, mbedTLS
need libssh2 libssh2-1-dev
need krb5-gssapi libkrb5-dev
[ -f /usr/include/mbedtls/x509_crt.h ] || pkgs="$pkgs libmbedtls-dev"
need yaml-0.1 libyaml-dev
need libutf8proc libutf8proc-dev
need zlib zlib1g-dev
need libzip libzip-dev
need libxml-2.0 libxml2-dev
need criterion libcriterion-dev
# import: PDFs (poppler-glib, rendered with cairo) and scans (Tesseract with
# its Vietnamese model, images decoded by leptonica)
need poppler-glib libpoppler-glib-dev
need cairo libcairo2-dev
need tesseract libtesseract-dev
need lept libleptonica-dev
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] ||
	[ -f /usr/share/tesseract-ocr/4.00/tessdata/vie.traineddata ] ||
	pkgs="$pkgs tesseract-ocr-vie"
# msgfmt builds the Vietnamese catalogue; xgettext/msgcmp check it in the tests
command -v msgfmt >/dev/null 2>&1 || pkgs="$pkgs gettext"
# the git CLI is used by the interoperability tests and the hooks
command -v git >/dev/null 2>&1 || pkgs="$pkgs git"
if [ "${1:-}" = bench ]; then
	[ -x /usr/bin/time ] || pkgs="$pkgs time"
	command -v yamllint >/dev/null 2>&1 || pkgs="$pkgs yamllint"
fi

if [ -z "$pkgs" ]; then
	exit 0
fi

echo "install-deps: missing:$pkgs; installing them with apt-get" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: not root and no sudo: please install$pkgs" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $pkgs
