/*
 * enclave_layout IMAGE: reads an enclave image with sgxlib_image_read() and prints its layout
 * note as one JSON object, each run with the FNV-1a 64-bit hash of the page contents the loader
 * would add. Lets tests (and people) check the loader's reading of an image against another one.
 */
#include <inttypes.h>
#include <stdio.h>

#include "sgxlib.h"

static uint64_t fnv1a64(const uint8_t *p, uint64_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int main(int argc, char **argv)
{
	struct sgxlib_image img;
	char error[512];
	unsigned i;

	if (argc != 2) {
		fprintf(stderr, "usage: enclave_layout IMAGE\n");
		return 2;
	}
	if (sgxlib_image_read(&img, argv[1], error, sizeof(error)) != 0) {
		fprintf(stderr, "enclave_layout: %s\n", error);
		return 1;
	}
	printf("{\"version\":%" PRIu32 ",\"enclaveSize\":%" PRIu64 ",\"imageSize\":%" PRIu64
	       ",\"ssaFrameSize\":%" PRIu32 ",\"miscselect\":%" PRIu32 ",\"attributes\":%" PRIu64
	       ",\"xfrm\":%" PRIu64 ",\"ntcs\":%" PRIu32 ",\"nssa\":%" PRIu32 ",\"entry\":%" PRIu64 ",\"runs\":[",
	       img.layout.version, img.layout.enclave_size, img.layout.image_size, img.layout.ssa_frame_size,
	       img.layout.miscselect, img.layout.attributes, img.layout.xfrm, img.layout.ntcs, img.layout.nssa,
	       img.layout.entry);
	for (i = 0; i < img.nruns; i++) {
		const struct enclu_layout_run *r = &img.runs[i];

		printf("%s{\"offset\":%" PRIu64 ",\"size\":%" PRIu64 ",\"secinfo\":%" PRIu64 ",\"flags\":%" PRIu64
		       ",\"fnv1a64\":\"%016" PRIx64 "\"}",
		       i == 0 ? "" : ",", r->offset, r->size, r->secinfo, r->flags, fnv1a64(img.pages + r->offset, r->size));
	}
	printf("]}\n");
	sgxlib_image_free(&img);
	return 0;
}
