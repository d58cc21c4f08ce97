// Running gnuplot: one script per output format beside the figure, so a
// reader can re-render or restyle any figure by hand.
#pragma once

#include <string>
#include <vector>

namespace gilbench::report {

struct Plot {
  std::string name;   // file stem: plots/<name>.svg, .png and (for --paper) .pdf
  std::string title;  // caption
  // PDFs (vector, for the paper; a smaller page for the slides) are empty
  // unless asked for.
  std::string svg_path, png_path, pdf_path, slide_pdf_path;
  bool ok = false;    // gnuplot produced every file
};

// Renders `body` (gnuplot commands after the terminal and output lines) to
// <dir>/<name>.svg and .png, and .pdf and .slide.pdf (pdfcairo) when `pdf`;
// w and h are the PNG size in pixels (the PDFs are w/150 x h/150 and
// w/250 x h/250 inches). A failure adds a
// warning naming the log and leaves ok=false.
Plot render_plot(const std::string& dir, const std::string& name, const std::string& title,
                 const std::string& body, int w, int h, bool pdf, std::vector<std::string>& warnings);

// A gnuplot single-quoted string.
std::string gp_quote(const std::string& s);
// A label for a double-quoted field of a data file (its '"' become '\'').
std::string gp_label(std::string s);

// The first lines of every figure: plain text labels, grid, key, missing values.
extern const char* const kGnuplotPrelude;

}  // namespace gilbench::report
