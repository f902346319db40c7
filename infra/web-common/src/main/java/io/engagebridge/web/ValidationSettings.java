package io.engagebridge.web;

import jakarta.inject.Singleton;

import org.hibernate.validator.BaseHibernateValidatorConfiguration;

import io.quarkus.hibernate.validator.ValidatorFactoryCustomizer;

/**
 * How the apps that validate request bodies (the services, with quarkus-hibernate-validator) validate them. The
 * gateway, which has no Hibernate Validator, leaves the class out ({@code quarkus.arc.exclude-types}).
 */
@Singleton
public class ValidationSettings implements ValidatorFactoryCustomizer {

    /**
     * No cache of "may this property be traversed" answers per validation. Quarkus answers yes to every one (no JPA
     * here), but with its own resolver class Hibernate Validator does not recognise that and wraps it in a cache of
     * maps built anew for every validated body: ~10 % of what transactions-service allocated per accepted receipt
     * (async-profiler, issue #14), for answers that are always yes.
     */
    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.enableTraversableResolverResultCache(false);
    }
}
