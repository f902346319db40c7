package io.engagebridge.api;

import jakarta.validation.GroupSequence;
import jakarta.validation.groups.Default;

/**
 * The order a request body is checked in: every field on its own first (present, well-formed: the
 * {@link Default} group), then the rules that read several fields or need them well-formed ({@link Then}), only
 * when the first pass found nothing. So one mistake is reported once: a blank currency is "required", not also
 * "not an ISO code", and totals are not added up over a line without a price. A request record whose rules need it
 * declares {@code @GroupSequence({TheRecord.class, Checks.Then.class})}.
 */
public final class Checks {

    private Checks() {
    }

    /** Rules checked once every field passed on its own. */
    public interface Then {
    }

    /** Both passes, in order: for validating a record by hand (tests). */
    @GroupSequence({ Default.class, Then.class })
    public interface InOrder {
    }
}
