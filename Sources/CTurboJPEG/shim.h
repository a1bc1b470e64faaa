// libjpeg-turbo's TurboJPEG API, from Debian's libturbojpeg0-dev. Unlike the libjpeg API it reports
// errors as return codes, not by longjmp, which Swift cannot cross.
#include <turbojpeg.h>
