// DeviceSpec (see device_spec.h).
#include "system/device_spec.h"

#include "util/problem.h"

namespace cci {

DeviceSpec parseDevice(const std::string& text) {
    DeviceSpec d;
    if (text == "cpu") return d;
    const auto unknown = [&] { return Error("unknown device \"" + text + "\" (cpu, cuda or cuda:N)"); };
    if (text.rfind("cuda", 0) != 0) throw unknown();
    d.cuda = true;
    if (text.size() == 4) return d;
    const std::string number = text.substr(5);
    if (text[4] != ':' || number.empty() || number.size() > 3 ||
        number.find_first_not_of("0123456789") != std::string::npos)
        throw unknown();
    d.index = std::stoi(number);
    d.indexGiven = true;
    return d;
}

}  // namespace cci
