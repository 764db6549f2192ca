// The entry point of the Graph Data Science plugin (open edition), which the plugin jar
// normally carries and Maven Central does not: it builds GDS's procedures facade and
// registers it with Neo4j, so that the gds.* procedures (found on the classpath through
// their META-INF/services entries) can be called. Registered by the service file that
// scripts/neo4j-server.ts writes next to this class in the jar it compiles it into.
//
// GDS is GPLv3; this runs inside the Neo4j server only, never inside Nurture.
package nurture.neo4j;

import java.util.Optional;

import org.neo4j.configuration.Config;
import org.neo4j.gds.LicensingBusinessFacade;
import org.neo4j.gds.OpenGdsLicensingServiceBuilder;
import org.neo4j.gds.SysInfoProcFacade;
import org.neo4j.gds.applications.operations.FeatureTogglesRepository;
import org.neo4j.gds.core.model.OpenModelCatalog;
import org.neo4j.gds.core.write.NativeExportBuildersProvider;
import org.neo4j.gds.metrics.Metrics;
import org.neo4j.gds.procedures.integration.DefaultExportLocation;
import org.neo4j.gds.procedures.integration.LogAccessor;
import org.neo4j.gds.procedures.integration.OpenGraphDataScienceExtensionBuilder;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.ExtensionType;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.logging.internal.LogService;

public final class NurtureGdsExtension extends ExtensionFactory<NurtureGdsExtension.Dependencies> {
    public interface Dependencies {
        Config config();

        GlobalProcedures globalProcedures();

        LogService logService();
    }

    public NurtureGdsExtension() {
        super(ExtensionType.GLOBAL, "nurture.gds");
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
        var log = new LogAccessor().getLog(dependencies.logService(), getClass());
        var config = dependencies.config();
        // gds.version() and gds.debug.sysInfo() (proc-sysinfo) read the licence state through this facade.
        var sysInfo = new SysInfoProcFacade(
                new LicensingBusinessFacade(new OpenGdsLicensingServiceBuilder().build(config)));
        dependencies.globalProcedures().registerComponent(SysInfoProcFacade.class, ctx -> sysInfo, true);
        var built = OpenGraphDataScienceExtensionBuilder.create(
                log,
                dependencies.globalProcedures(),
                config,
                (database, configuration) -> new NativeExportBuildersProvider(), // native writes only
                new DefaultExportLocation(log, config),
                new FeatureTogglesRepository(),
                Metrics.DISABLED,
                new OpenModelCatalog(),
                model -> {
                    throw new UnsupportedOperationException("Storing models is not part of the open edition");
                },
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        return built.getLeft().build();
    }
}
