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
}  // namespace

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
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\n"
      "body{{font-family:sans-serif;max-width:1450px;margin:2em auto;padding:0 1em;color:#222}}\n"
      "table{{border-collapse:collapse;margin:1em 0;font-size:0.9em}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}\n"
      "td:first-child,th:first-child{{text-align:left}}th{{background:#f0f0f0}}\n"
      "figure{{margin:1em 0}}figure svg{{max-width:100%;height:auto}}figcaption{{font-style:italic;color:#555}}\n"
      ".supported{{color:#1a7f37;font-weight:bold}}.not-supported{{color:#cf222e;font-weight:bold}}.not-measured{{color:#777;font-weight:bold}}\n"
      "</style></head><body>\n",
      esc(title));
  for (auto& b : doc) {
    switch (b.kind) {
      case Block::heading: out += fmt::format("<h{0}>{1}</h{0}>\n", b.level, esc(b.text)); break;
      case Block::paragraph: {
        // Verdict words get a colour; the text itself stays as in the Markdown.
        std::string t = esc(b.text);
        for (auto [word, cls] : {std::pair{"**not supported**", "not-supported"}, std::pair{"**not measured**", "not-measured"},
                                 std::pair{"**supported**", "supported"}}) {
          std::string w = word;
          for (std::size_t p; (p = t.find(w)) != std::string::npos;)
            t.replace(p, w.size(), fmt::format("<span class=\"{}\">{}</span>", cls, w.substr(2, w.size() - 4)));
        }
        out += "<p>" + t + "</p>\n";
        break;
      }
      case Block::list:
        out += "<ul>\n";
        for (auto& r : b.rows) out += "<li>" + esc(r[0]) + "</li>\n";
        out += "</ul>\n";
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
          for (auto& c : r) out += "<td>" + esc(c) + "</td>";
          out += "</tr>\n";
        }
        out += "</table>\n";
    }
  }
  return out + "</body></html>\n";
}

}  // namespace gilbench::report
