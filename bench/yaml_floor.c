/*
 * yaml_floor.c - the floor for `pact diff`: parse the files with libyaml's
 * event API and do nothing else (no tree, no checks, no diff). bench/diff.sh
 * times `pact diff` against this on the same files: no diff can be cheaper
 * than reading its two inputs. Built by bench/diff.sh (cc -O2 ... -lyaml).
 *
 *   yaml_floor FILE...   exit 0 when every file parsed, 1 otherwise
 */
#include <stdio.h>
#include <yaml.h>

static int parse(const char *path)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t p;
	yaml_event_t ev;
	int ok = 0, done = 0;
	unsigned long events = 0;

	if (!f || !yaml_parser_initialize(&p)) {
		if (f)
			fclose(f);
		return 0;
	}
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			goto out;
		done = ev.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&ev);
	}
	ok = events > 0;
out:
	yaml_parser_delete(&p);
	fclose(f);
	return ok;
}

int main(int argc, char **argv)
{
	int ok = argc > 1;
	for (int i = 1; i < argc; i++)
		ok = parse(argv[i]) && ok;
	return ok ? 0 : 1;
}
