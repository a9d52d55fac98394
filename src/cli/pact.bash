# bash completion for pact                                 -*- shell-script -*-
#
# Installed by 'make install' where bash-completion looks for it
# (pkg-config bash-completion completionsdir under PREFIX). All the
# knowledge is in pact itself: 'pact __complete LINE' prints the
# candidates for the last word of LINE, read from the commands' option
# tables and the store (years, member and clause ids, remotes, branches),
# and ':file' or ':dir' when file or directory names fit as well.

_pact()
{
	local line=${COMP_LINE:0:COMP_POINT} cur=${COMP_WORDS[COMP_CWORD]} c
	local -a cands
	local files=0 dirs=0 IFS=$'\n'

	# bash splits "--format=js" into "--format" "=" "js"; pact gets the
	# raw line and answers with the value alone, the part after '='
	[[ $cur == "=" ]] && cur=""
	cands=($("${COMP_WORDS[0]}" __complete "$line" 2>/dev/null))
	COMPREPLY=()
	for c in "${cands[@]}"; do
		case $c in
		:file) files=1 ;;
		:dir) dirs=1 ;;
		*) COMPREPLY+=("$c") ;;
		esac
	done
	if ((files || dirs)); then
		((files)) && COMPREPLY+=($(compgen -f -- "$cur"))
		((dirs)) && COMPREPLY+=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
	fi
	# "--format=" waits for its value: no space after it
	if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}
complete -F _pact pact
