// Outcomes.  A verdict printed as Verified is a theorem about the input;
// Approximate is one too (every residual certified within a stated
// tolerance, not exact); a limit hit, or evidence short of proof, is Unknown
// with a reason.
#pragma once

#include <string>

namespace nf {

enum class Verdict { Verified, Approximate, Refuted, Unknown };

inline const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::Verified: return "verified";
    case Verdict::Approximate: return "approximate";
    case Verdict::Refuted: return "refuted";
    case Verdict::Unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace nf
