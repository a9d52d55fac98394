/*
 * yaml_problems.h - libyaml's problem and context strings in the process's
 * language (yaml_problems.c). Not installed.
 */
#ifndef PACT_YAML_PROBLEMS_H
#define PACT_YAML_PROBLEMS_H

/* `text` (a yaml_parser_t's problem or context) in pact_i18n_lang(): the
 * translation of one of libyaml's own strings, or `text` itself when it is
 * not one of them. NULL for NULL. The result lives as long as `text` or
 * the process; never freed by the caller. */
const char *pact_yaml__problem(const char *text);

#endif
