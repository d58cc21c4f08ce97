// The report as a list of blocks, rendered once to Markdown and once to
// HTML, so both always hold the same numbers.
#pragma once

#include <string>
#include <vector>

namespace gilbench::report {

struct Block {
  enum Kind { heading, paragraph, table, figure, list } kind;
  std::string text;                          // heading/paragraph text; figure caption
  int level = 2;                             // heading
  std::vector<std::string> header;           // table
  std::vector<std::vector<std::string>> rows;  // table rows; list items in rows[i][0]
  std::string svg_path, png_path;            // figure
};

using Document = std::vector<Block>;

std::string render_markdown(const Document& doc, const std::string& rel_base);
// Self-contained: SVGs are inlined, no external resource is referenced.
std::string render_html(const Document& doc, const std::string& title);

}  // namespace gilbench::report
