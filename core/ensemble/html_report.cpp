// HTML/SVG rendering of the ensemble analysis.
#include "ensemble/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace cci::ensemble {
namespace {

std::string esc(const std::string& s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string fmt(double x, const char* format = "%.3f") {
    if (!std::isfinite(x)) return "–";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

std::string pct(double x) { return std::isfinite(x) ? fmt(100 * x, "%.1f") + "%" : "–"; }
std::string interval(const Interval& i) {
    return std::isfinite(i.low) ? fmt(100 * i.low, "%.1f") + "–" + fmt(100 * i.high, "%.1f") + "%" : "–";
}

// Horizontal bars, one per label, values in [0, max].
std::string barChart(const std::vector<std::string>& labels, const std::vector<double>& values, double max,
                     const std::string& unit, bool signedValues = false) {
    const int rowH = 22, labelW = 180, barW = 360;
    std::ostringstream s;
    s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << labelW + barW + 80 << "' height='"
      << rowH * int(labels.size()) + 10 << "' font-family='sans-serif' font-size='12'>";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const int y = int(i) * rowH + 4;
        const double v = values[i];
        s << "<text x='" << labelW - 6 << "' y='" << y + 14 << "' text-anchor='end'>" << esc(labels[i]) << "</text>";
        if (std::isfinite(v)) {
            const double zero = signedValues ? labelW + barW / 2.0 : labelW;
            const double scale = signedValues ? barW / 2.0 / (max > 0 ? max : 1) : barW / (max > 0 ? max : 1);
            const double x0 = v >= 0 ? zero : zero + v * scale, w = std::fabs(v) * scale;
            s << "<rect x='" << x0 << "' y='" << y << "' width='" << w << "' height='" << rowH - 6 << "' fill='"
              << (v < 0 ? "#e8590c" : "#339af0") << "'/>";
            s << "<text x='" << (v >= 0 ? x0 + w + 4 : zero + 4) << "' y='" << y + 14 << "'>"
              << (unit == "%" ? pct(v) : fmt(v, "%.4f")) << "</text>";
        }
    }
    s << "</svg>";
    return s.str();
}

// Square heatmap with values written in the cells; colour from white (lo) to blue (hi).
std::string heatmap(const std::vector<std::string>& names, const Matrix& m, double lo, double hi) {
    const int cell = 44, labelW = 150;
    const int n = int(names.size());
    std::ostringstream s;
    s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << labelW + cell * n + 10 << "' height='"
      << labelW + cell * n + 10 << "' font-family='sans-serif' font-size='11'>";
    for (int i = 0; i < n; ++i) {
        s << "<text x='" << labelW - 4 << "' y='" << labelW + i * cell + cell / 2 + 4 << "' text-anchor='end'>"
          << esc(names[std::size_t(i)]) << "</text>";
        s << "<text transform='translate(" << labelW + i * cell + cell / 2 + 4 << "," << labelW - 4 << ") rotate(-60)'>"
          << esc(names[std::size_t(i)]) << "</text>";
    }
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const double v = m[std::size_t(r)][std::size_t(c)];
            const double t = std::isfinite(v) ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0;
            const int red = int(255 - t * (255 - 25)), green = int(255 - t * (255 - 113)),
                      blue = int(255 - t * (255 - 194));
            s << "<rect x='" << labelW + c * cell << "' y='" << labelW + r * cell << "' width='" << cell << "' height='"
              << cell << "' fill='rgb(" << red << "," << green << "," << blue << ")' stroke='#fff'/><text x='"
              << labelW + c * cell + cell / 2 << "' y='" << labelW + r * cell + cell / 2 + 4
              << "' text-anchor='middle' fill='" << (t > 0.6 ? "#fff" : "#222") << "'>" << fmt(v, "%.2f") << "</text>";
        }
    s << "</svg>";
    return s.str();
}

// A reliability diagram: each non-empty bin's mean confidence against its accuracy, before (blue) and after (orange)
// temperature scaling, over the diagonal.
std::string reliabilityDiagram(const Calibration& before, const Calibration& after) {
    const int size = 200, pad = 30;
    auto x = [&](double v) { return pad + v * size; };
    auto y = [&](double v) { return pad + (1 - v) * size; };
    std::ostringstream s;
    s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << size + 2 * pad << "' height='" << size + 2 * pad
      << "' font-family='sans-serif' font-size='10'><rect x='" << pad << "' y='" << pad << "' width='" << size
      << "' height='" << size << "' fill='none' stroke='#adb5bd'/><line x1='" << x(0) << "' y1='" << y(0) << "' x2='"
      << x(1) << "' y2='" << y(1) << "' stroke='#868e96' stroke-dasharray='4'/>";
    for (const double tick : {0.0, 0.5, 1.0})
        s << "<text x='" << x(tick) << "' y='" << size + 2 * pad - 14 << "' text-anchor='middle'>" << fmt(tick, "%.1f")
          << "</text><text x='" << pad - 4 << "' y='" << y(tick) + 3 << "' text-anchor='end'>" << fmt(tick, "%.1f")
          << "</text>";
    s << "<text x='" << x(0.5) << "' y='" << size + 2 * pad - 2 << "' text-anchor='middle'>confidence</text>";
    for (const auto& [c, colour] : {std::pair{&before, "#1864ab"}, std::pair{&after, "#e8590c"}}) {
        std::string points;
        for (const ReliabilityBin& bin : c->bins)
            if (bin.items > 0 && std::isfinite(bin.confidence) && std::isfinite(bin.accuracy)) {
                points += fmt(x(bin.confidence), "%.1f") + "," + fmt(y(bin.accuracy), "%.1f") + " ";
                s << "<circle cx='" << x(bin.confidence) << "' cy='" << y(bin.accuracy) << "' r='3' fill='" << colour
                  << "'/>";
            }
        s << "<polyline points='" << points << "' fill='none' stroke='" << colour << "' stroke-width='1.5'/>";
    }
    s << "</svg>";
    return s.str();
}

}  // namespace

std::string analysisToHtml(const Analysis& a, const std::string& title) {
    std::vector<std::string> names;
    for (const ModelStats& m : a.models) names.push_back(m.name);
    std::ostringstream h;
    h << "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>" << esc(title)
      << "</title><style>body{font-family:sans-serif;margin:24px;color:#212529}table{border-collapse:collapse}"
         "td,th{border:1px solid #dee2e6;padding:3px 8px;text-align:right}th{background:#f1f3f5}"
         "td:first-child,th:first-child{text-align:left}h2{margin-top:32px}</style></head><body>";
    h << "<h1>" << esc(title) << "</h1><p>" << a.items << " items, " << a.models.size() << " models, "
      << methodName(a.method) << " voting. "
      << (a.labelled ? "Gold answers available."
                     : "No gold answers: "
                       "accuracy-based measures are omitted.")
      << "</p>";

    h << "<h2>Accuracy</h2><table><tr><th>model</th><th>accuracy</th><th>95% interval</th>";
    for (const std::string_view c : kCategories) h << "<th>" << c << "</th>";
    h << "<th>A</th><th>B</th><th>C</th></tr>";
    for (const ModelStats& m : a.models) {
        h << "<tr><td>" << esc(m.name) << "</td><td>" << pct(m.accuracy) << "</td><td>" << interval(m.accuracyInterval)
          << "</td>";
        for (double x : m.perCategory) h << "<td>" << pct(x) << "</td>";
        for (double x : m.positionShare) h << "<td>" << pct(x) << "</td>";
        h << "</tr>";
    }
    h << "<tr><th>ensemble</th><th>" << pct(a.ensembleAccuracy) << "</th><th>" << interval(a.ensembleAccuracyInterval)
      << "</th>";
    for (double x : a.ensemblePerCategory) h << "<th>" << pct(x) << "</th>";
    for (double x : a.goldPositionShare) h << "<th>" << pct(x) << "</th>";
    h << "</tr></table><p>95% interval: percentile bootstrap over the items (2,000 resamples). Last row: ensemble "
         "accuracy and, under A/B/C, the gold answer positions. Oracle accuracy "
         "(some model right): "
      << pct(a.oracleAccuracy) << ". Items without a strict majority: " << a.ensemble.noMajority << ".</p>";
    if (a.labelled) {
        // Answer-position bias: gold position x picked position, and the test of the picks against the gold shares.
        h << "<h2>Answer position</h2><table><tr><th>model</th><th>gold \\ picked</th><th>A</th><th>B</th><th>C</th>"
             "<th>p (chi-squared)</th></tr>";
        for (const ModelStats& m : a.models)
            for (int g = 0; g < 3; ++g) {
                h << "<tr><td>" << (g == 0 ? esc(m.name) : std::string()) << "</td><td>" << char('A' + g) << "</td>";
                for (int p = 0; p < 3; ++p)
                    h << "<td>" << m.positionBias.counts[std::size_t(g)][std::size_t(p)] << "</td>";
                h << "<td>"
                  << (g == 0
                          ? fmt(m.positionBias.pValue, "%.3g") + (m.positionBias.large() ? " (letter preference)" : "")
                          : std::string())
                  << "</td></tr>";
            }
        h << "</table>";
        for (const ModelStats& m : a.models)
            if (const auto finding = positionBiasFinding(m.name, m.positionBias); !finding.empty())
                h << "<p>" << esc(finding) << "</p>";
        std::vector<std::string> labels = names;
        std::vector<double> values;
        for (const ModelStats& m : a.models) values.push_back(m.accuracy);
        labels.push_back("ensemble");
        values.push_back(a.ensembleAccuracy);
        labels.push_back("oracle");
        values.push_back(a.oracleAccuracy);
        h << barChart(labels, values, 1.0, "%");
    }

    // Calibration of each model with probabilities: the table and its reliability diagram.
    if (std::any_of(a.models.begin(), a.models.end(), [](const ModelStats& m) { return m.calibration.has_value(); })) {
        h << "<h2>Calibration</h2><table><tr><th>model</th><th>items</th><th>ECE</th><th>NLL</th><th>temperature</th>"
             "<th>ECE after</th><th>NLL after</th></tr>";
        for (const ModelStats& m : a.models)
            if (m.calibration && m.calibrated)
                h << "<tr><td>" << esc(m.name) << "</td><td>" << m.calibration->items << "</td><td>"
                  << fmt(m.calibration->ece) << "</td><td>" << fmt(m.calibration->nll) << "</td><td>"
                  << temperatureText(m.temperature) << "</td><td>" << fmt(m.calibrated->ece) << "</td><td>"
                  << fmt(m.calibrated->nll) << "</td></tr>";
        h << "</table><p>ECE: the items' share-weighted gap between confidence and accuracy over 10 confidence bins. "
             "The temperature minimises the NLL of gold on these items (fitted in-sample: use <code>--held-out</code> "
             "for temperatures fitted on each run's dev evaluation). Reliability diagrams: blue before, orange after "
             "temperature scaling; the dashed diagonal is perfect calibration.</p><div>";
        for (const ModelStats& m : a.models)
            if (m.calibration && m.calibrated)
                h << "<figure style='display:inline-block;margin:4px'>"
                  << reliabilityDiagram(*m.calibration, *m.calibrated) << "<figcaption>" << esc(m.name)
                  << "</figcaption></figure>";
        h << "</div>";
    }

    h << "<h2>Agreement between models</h2><p>Fleiss' kappa " << fmt(a.fleissKappa) << "; entropy " << fmt(a.entropy)
      << "; Kohavi–Wolpert variance " << fmt(a.kwVariance) << ".</p>";
    h << "<h3>Agreement</h3>" << heatmap(names, a.agreement, 0, 1);
    h << "<h3>Cohen's kappa</h3>" << heatmap(names, a.cohenKappa, 0, 1);
    if (a.labelled) {
        h << "<h3>Double fault (both wrong)</h3>" << heatmap(names, a.doubleFault, 0, 0.5);
        h << "<h3>Yule's Q</h3>" << heatmap(names, a.yulesQ, -1, 1);
        h << "<h3>McNemar's test (p-value; small = the two models' errors differ significantly)</h3>"
          << heatmap(names, a.mcnemarP, 0, 1);
    }

    h << "<h2>Vote margins</h2>";
    std::vector<std::string> marginLabels;
    std::vector<double> marginValues;
    double most = 1;
    for (std::size_t k = 0; k < a.marginHistogram.size(); ++k) {
        marginLabels.push_back("margin " + std::to_string(k));
        marginValues.push_back(double(a.marginHistogram[k]));
        most = std::max(most, double(a.marginHistogram[k]));
    }
    h << barChart(marginLabels, marginValues, most, "items");
    if (a.labelled) {
        h << "<table><tr><th>answer only items with margin "
             "&ge;</th><th>items</th><th>coverage</th><th>accuracy</th></tr>";
        for (const CoveragePoint& p : a.marginCoverage)
            h << "<tr><td>" << p.minimumMargin << "</td><td>" << p.items << "</td><td>" << pct(p.coverage)
              << "</td><td>" << pct(p.accuracy) << "</td></tr>";
        h << "</table>";
    }

    if (!a.leaveOneOut.empty()) {
        h << "<h2>Leave one model out</h2><table><tr><th>without</th><th>accuracy</th><th>change</th>"
             "<th>flips</th><th>fixed</th><th>broken</th></tr>";
        std::vector<std::string> labels;
        std::vector<double> deltas;
        double range = 1e-9;
        for (const LeaveOneOut& l : a.leaveOneOut) {
            h << "<tr><td>" << esc(l.model) << "</td><td>" << pct(l.accuracy) << "</td><td>"
              << fmt(100 * l.delta, "%+.2f") << "</td><td>" << l.flips.size() << "</td><td>" << l.fixed << "</td><td>"
              << l.broken << "</td></tr>";
            labels.push_back(l.model);
            deltas.push_back(l.delta);
            if (std::isfinite(l.delta)) range = std::max(range, std::fabs(l.delta));
        }
        h << "</table>";
        if (a.labelled)
            h << "<p>Accuracy change when the model is left out:</p>" << barChart(labels, deltas, range, "", true);
    }
    if (!a.greedySelection.empty()) {
        h << "<h2>Greedy forward selection</h2><table><tr><th>step</th><th>add</th><th>accuracy</th></tr>";
        for (std::size_t k = 0; k < a.greedySelection.size(); ++k)
            h << "<tr><td>" << k + 1 << "</td><td>" << esc(a.greedySelection[k].model) << "</td><td>"
              << pct(a.greedySelection[k].accuracy) << "</td></tr>";
        h << "</table>";
    }
    h << "</body></html>\n";
    return h.str();
}

}  // namespace cci::ensemble
