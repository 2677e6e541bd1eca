/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_FLAMEGRAPH_H
#define PTOOL_OUT_FLAMEGRAPH_H

#include <stdbool.h>
#include <stdio.h>

#include "ptool/out_folded.h"

/*
 * An interactive SVG flame graph of a folded-stack aggregate, viewable
 * offline in any browser: hover shows a frame's samples and percent,
 * click zooms into a frame, "Reset Zoom" goes back, Ctrl-F (or
 * "Search") highlights the frames matching a regular expression and
 * shows the matched share of all samples. Frames are sorted by name
 * from left to right at each level, their widths proportional to their
 * counts, and coloured by kind: user code in warm colours, kernel frames
 * ("_[k]") blue, JIT ("_[j]") green, inlined ("_[i]") aqua, unknown grey.
 */

struct out_flame_opts {
	const char *title;		/* NULL: "Flame Graph" */
	const char *subtitle;		/* NULL: none */
	const char *count_name;		/* NULL: "samples" */
	unsigned int width;		/* 0: 1200 pixels */
	bool inverted;			/* icicle graph: root at the top */
	/*
	 * Differential graph: widths from the aggregate, colours from the
	 * change of each frame's share since @base (red grew, blue shrank).
	 */
	const struct out_fold *base;
};

/**
 * out_flamegraph_write - write the SVG of @f to @fp
 * @o: options, or NULL for the defaults
 * Returns 0, or -EIO when @fp reports a write error.
 */
int out_flamegraph_write(const struct out_fold *f,
			 const struct out_flame_opts *o, FILE *fp);

/**
 * out_svg_escape - append @s to @out escaped for XML text and attribute
 * values: & < > " ' as entities, control bytes and invalid UTF-8 as '?'
 */
void out_svg_escape(struct strbuf *out, const char *s, size_t len);

#endif
