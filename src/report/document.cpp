#include "report/document.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace gilbench::report {

namespace {
std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string md_cell(std::string s) {
  for (std::size_t p = 0; (p = s.find('|', p)) != std::string::npos; p += 2) s.replace(p, 1, "\\|");
  return s;
}

// The <svg> element of a gnuplot SVG file, without its XML prologue.
std::string inline_svg(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  auto p = s.find("<svg");
  return p == std::string::npos ? "" : s.substr(p);
}

const char* verdict_class(const std::string& word) {
  if (word.find("not supported") != std::string::npos) return "not-supported";
  if (word.find("not measured") != std::string::npos) return "not-measured";
  if (word.find("inconclusive") != std::string::npos) return "inconclusive";
  if (word.find("supported") != std::string::npos) return "supported";
  return "";
}

// Escapes text and turns **x** into <strong>, with a verdict class if x
// names an outcome.
std::string inline_html(const std::string& text) {
  std::string out;
  for (auto& [run, bold] : bold_runs(text)) {
    std::string cls = bold ? verdict_class(run) : "";
    out += !bold ? esc(run) : (cls.empty() ? "<strong>" : "<strong class=\"" + cls + "\">") + esc(run) + "</strong>";
  }
  return out;
}

bool unclean(const std::string& cell) {
  for (auto w : {"degraded", "failed ", "generator-bound"})
    if (cell.find(w) != std::string::npos) return true;
  return false;
}

const char* kStyle =
    "body{font-family:sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}\n"
    "table{border-collapse:collapse;margin:1em 0;font-size:0.85em;max-width:100%}\n"
    "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right;overflow-wrap:break-word}\n"
    // Labels (series, comparisons, paths) may break anywhere, so numbers need not.
    "td:first-child,th:first-child{text-align:left;overflow-wrap:anywhere}th{background:#f0f0f0}\n"
    "td.flag{background:#fff3c4}\n"
    "figure{margin:1em 0;max-width:100%}figure svg{max-width:100%;height:auto;display:block}\n"
    "figcaption{font-style:italic;color:#555}\n"
    ".answer{border-left:4px solid #888;padding:0.2em 0 0.2em 0.8em;font-size:1.05em}\n"
    ".supported{color:#1a7f37}.not-supported{color:#cf222e}.inconclusive{color:#9a6700}.not-measured{color:#777}\n"
    ".swatch{display:inline-block;width:1.6em;height:0.8em;margin:0 0.3em 0 1em;vertical-align:middle}\n"
    "p,li{overflow-wrap:anywhere}\n";
}  // namespace

std::vector<std::pair<std::string, bool>> bold_runs(const std::string& text) {
  std::vector<std::pair<std::string, bool>> out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto a = text.find("**", i);
    auto b = a == std::string::npos ? a : text.find("**", a + 2);
    if (b == std::string::npos) {
      out.push_back({text.substr(i), false});
      break;
    }
    if (a > i) out.push_back({text.substr(i, a - i), false});
    out.push_back({text.substr(a + 2, b - a - 2), true});
    i = b + 2;
  }
  return out;
}

std::string render_markdown(const Document& doc, const std::string& rel_base) {
  std::string out;
  for (auto& b : doc) {
    switch (b.kind) {
      case Block::heading: out += std::string(b.level, '#') + " " + b.text + "\n\n"; break;
      case Block::paragraph: out += b.text + "\n\n"; break;
      case Block::list:
        for (auto& r : b.rows) out += "- " + r[0] + "\n";
        out += "\n";
        break;
      case Block::legend: {
        out += b.text;
        for (std::size_t i = 0; i < b.rows.size(); ++i)
          out += fmt::format("{} {} = {} ({})", i ? "," : "", b.rows[i][0], b.rows[i][2], b.rows[i][1]);
        out += ".\n\n";
        break;
      }
      case Block::figure: {
        auto rel = std::filesystem::relative(b.png_path, rel_base).string();
        auto rel_svg = std::filesystem::relative(b.svg_path, rel_base).string();
        out += fmt::format("![{}]({})\n\n*{}* ([SVG]({}))\n\n", b.text, rel, b.text, rel_svg);
        break;
      }
      case Block::table: {
        std::string h = "|", sep = "|";
        for (auto& c : b.header) {
          h += " " + md_cell(c) + " |";
          sep += "---|";
        }
        out += h + "\n" + sep + "\n";
        for (auto& r : b.rows) {
          std::string line = "|";
          for (auto& c : r) line += " " + md_cell(c) + " |";
          out += line + "\n";
        }
        out += "\n";
      }
    }
  }
  return out;
}

std::string render_html(const Document& doc, const std::string& title) {
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\"><title>{}</title>\n<style>\n{}</style></head><body>\n",
      esc(title), kStyle);
  for (auto& b : doc) {
    switch (b.kind) {
      case Block::heading: out += fmt::format("<h{0}>{1}</h{0}>\n", b.level, inline_html(b.text)); break;
      case Block::paragraph: {
        bool answer = b.text.rfind("**H", 0) == 0;  // an answer sentence opens with its hypothesis
        out += std::string(answer ? "<p class=\"answer\">" : "<p>") + inline_html(b.text) + "</p>\n";
        break;
      }
      case Block::list:
        out += "<ul>\n";
        for (auto& r : b.rows) out += "<li>" + inline_html(r[0]) + "</li>\n";
        out += "</ul>\n";
        break;
      case Block::legend:
        out += "<p>" + inline_html(b.text);
        for (auto& r : b.rows)
          out += fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>{}", esc(r[1]), esc(r[0]));
        out += "</p>\n";
        break;
      case Block::figure:
        out += "<figure>\n" + inline_svg(b.svg_path) + "\n<figcaption>" + esc(b.text) + "</figcaption></figure>\n";
        break;
      case Block::table:
        out += "<table><tr>";
        for (auto& c : b.header) out += "<th>" + esc(c) + "</th>";
        out += "</tr>\n";
        for (auto& r : b.rows) {
          out += "<tr>";
          for (auto& c : r) out += (unclean(c) ? "<td class=\"flag\">" : "<td>") + inline_html(c) + "</td>";
          out += "</tr>\n";
        }
        out += "</table>\n";
    }
  }
  return out + "</body></html>\n";
}

}  // namespace gilbench::report
