// The report as a list of blocks, rendered once to Markdown and once to
// HTML, so both always hold the same numbers.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gilbench::report {

struct Block {
  enum Kind { heading, paragraph, table, figure, list, legend } kind;
  std::string text;                          // heading/paragraph text; figure caption
  int level = 2;                             // heading
  std::vector<std::string> header;           // table
  // table rows; list items in rows[i][0]; legend rows {model, "#rrggbb", colour name}
  std::vector<std::vector<std::string>> rows;
  std::string svg_path, png_path;            // figure
};

using Document = std::vector<Block>;

// Text may mark words **bold**; in HTML a bold verdict word ("supported",
// "not supported", "inconclusive", "not measured") gets its colour class.
// A table cell naming an unclean cell ("degraded", "failed",
// "generator-bound") is highlighted in HTML.

// Splits text at its **bold** markers: (run, bold?) in order.
std::vector<std::pair<std::string, bool>> bold_runs(const std::string& text);

std::string render_markdown(const Document& doc, const std::string& rel_base);
// Self-contained: SVGs are inlined, no external resource is referenced.
std::string render_html(const Document& doc, const std::string& title);

}  // namespace gilbench::report
