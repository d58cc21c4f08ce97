// report.html as a person sees it: rendered by headless Chromium from the
// paper fixture, every figure drawn, nothing wider than the page at a
// desktop and a narrow width, and a screenshot with content all the way down.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "report/report.h"
#include "tools.h"

namespace gilbench::report {
namespace {

namespace fs = std::filesystem;

// Appended to a copy of report.html: measures the page after layout and
// writes the result into the DOM for --dump-dom. (No // comments: one line.)
const char* kCheckScript = R"(<script>
(function () {
  var vw = document.documentElement.clientWidth, wide = [];
  var all = document.body.querySelectorAll('*');
  for (var i = 0; i < all.length; ++i) {
    var e = all[i];
    if (e.ownerSVGElement) continue;
    var r = e.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) wide.push(e.tagName.toLowerCase());
  }
  var svgs = document.querySelectorAll('figure > svg'), bad_svgs = 0;
  for (var j = 0; j < svgs.length; ++j) {
    var s = svgs[j], b = s.getBoundingClientRect();
    if (!(b.width > 100 && b.height > 50 && s.querySelectorAll('path').length > 0)) ++bad_svgs;
  }
  var bad_imgs = 0;
  for (var k = 0; k < document.images.length; ++k)
    if (!(document.images[k].complete && document.images[k].naturalWidth > 0)) ++bad_imgs;
  var out = {viewport: vw, scroll_width: document.documentElement.scrollWidth,
             height: document.documentElement.scrollHeight, figures: document.querySelectorAll('figure').length,
             svgs: svgs.length, bad_svgs: bad_svgs, imgs: document.images.length, bad_imgs: bad_imgs,
             wide: wide.length, wide_tags: wide.slice(0, 8).join(' ')};
  var pre = document.createElement('pre');
  pre.id = 'gilbench-check';
  pre.textContent = 'GILBENCH' + '-CHECK ' + JSON.stringify(out) + ' END';
  document.body.appendChild(pre);
})();
</script>)";

std::string chromium(const fs::path& profile, const std::string& args, const fs::path& page) {
  return fmt::format(
      "timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars --user-data-dir='{}' {} 'file://{}' 2>/dev/null",
      profile.string(), args, page.string());
}

TEST(ReportInBrowser, EveryFigureDrawnNothingWiderThanThePageNoBlankBand) {
  GILBENCH_REQUIRE_TOOL("chromium");
  GILBENCH_REQUIRE_TOOL("python3");
  test::TempDir tmp("gilbench-browser");
  auto r = write_report({test::kPaperFixture, (tmp.path / "out").string(), true});
  for (auto& w : r.warnings) ADD_FAILURE() << w;
  std::string html = test::slurp(r.html_path);
  auto body_end = html.rfind("</body>");
  ASSERT_NE(body_end, std::string::npos);
  const fs::path check = tmp.path / "out" / "check.html";
  std::ofstream(check) << html.substr(0, body_end) << kCheckScript << html.substr(body_end);
  int figures = 0;
  for (auto p = html.find("<figure>"); p != std::string::npos; p = html.find("<figure>", p + 1)) ++figures;
  ASSERT_GE(figures, 10);

  double height = 0;
  for (int width : {1280, 700}) {
    std::string dom = test::output_of(chromium(tmp.path / "profile", fmt::format("--window-size={},900 --dump-dom", width), check));
    auto a = dom.find("GILBENCH-CHECK "), b = dom.find(" END", a);
    ASSERT_NE(a, std::string::npos) << "no check result at width " << width << " (did the page load?)";
    auto v = boost::json::parse(dom.substr(a + 15, b - a - 15)).as_object();
    SCOPED_TRACE(fmt::format("width {}: {}", width, boost::json::serialize(v)));
    EXPECT_EQ(v["svgs"].as_int64(), figures);     // every figure is an inline SVG ...
    EXPECT_EQ(v["bad_svgs"].as_int64(), 0);       // ... laid out with a size and drawn paths
    EXPECT_EQ(v["bad_imgs"].as_int64(), 0);       // and any <img> loaded
    EXPECT_EQ(v["wide"].as_int64(), 0);           // no element past the right edge
    EXPECT_LE(v["scroll_width"].as_int64(), v["viewport"].as_int64());
    if (width == 1280) height = static_cast<double>(v["height"].as_int64());
  }

  // The whole page in one screenshot (half scale keeps the PNG small), cut
  // into 20 bands: each must hold drawn pixels, so no part is blank.
  ASSERT_GT(height, 2000);
  const fs::path shot = tmp.path / "shot.png";
  test::output_of(chromium(tmp.path / "profile",
                     fmt::format("--force-device-scale-factor=0.5 --window-size=1280,{:.0f} --screenshot='{}'", height, shot.string()),
                     fs::path(r.html_path)));
  ASSERT_TRUE(fs::exists(shot)) << "chromium wrote no screenshot";
  auto bands = boost::json::parse(test::output_of(fmt::format("python3 '{}/png_bands.py' '{}' 20", GILBENCH_FIXTURES "/../report", shot.string())))
                   .as_object();
  EXPECT_GE(bands["height"].as_int64(), static_cast<std::int64_t>(height * 0.5 * 0.95));
  int i = 0;
  for (auto& band : bands["bands"].as_array()) {
    double share = band.is_double() ? band.as_double() : static_cast<double>(band.as_int64());
    EXPECT_GT(share, 0.01) << "band " << i << " of 20 is (nearly) blank";
    ++i;
  }
  EXPECT_EQ(i, 20);
}

}  // namespace
}  // namespace gilbench::report
